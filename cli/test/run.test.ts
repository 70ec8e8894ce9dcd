/** Failure handling of the command line, on an Io that collects what would be printed. */
import { test } from "../../tests/harness.js";
import * as assert from "uvu/assert";
import { IoError, UsageError } from "../errors.js";
import { collectingIo } from "../io.js";
import { report } from "../run.js";

test("an unexpected exception is one line 'internal error' and exit 2", () => {
  const io = collectingIo();
  assert.is(report(new TypeError("cannot read properties of undefined\n    at somewhere"), io), 2);
  assert.is(io.err, "sio: internal error: cannot read properties of undefined\n");
  assert.is(io.out, "");
});

test("SIO_DEBUG=1 adds the stack", () => {
  const io = collectingIo({ env: { SIO_DEBUG: "1" } });
  const error = new Error("boom");
  assert.is(report(error, io), 2);
  assert.ok(io.err.startsWith("sio: internal error: boom\nError: boom\n    at "), io.err);
});

test("usage and I/O errors: their message, exit 2", () => {
  const usage = collectingIo();
  assert.is(report(new UsageError("expected one SPEC", "serve"), usage), 2);
  assert.is(usage.err, "sio: expected one SPEC\nRun 'sio serve --help' for usage.\n");
  const io = collectingIo();
  assert.is(report(new IoError("cannot read x.sio: no such file or directory"), io), 2);
  assert.is(io.err, "sio: cannot read x.sio: no such file or directory\n");
});

test.run();
