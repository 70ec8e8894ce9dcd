/**
 * The specs `bench/lint.ts` measures: shaped like a real application (a
 * Socket.IO endpoint shared by both protocols, groups of REST-like routes,
 * half of the groups nested under prefix routers, a catch-all last).
 */
/** Route shapes after a group prefix (Python-flavoured, as a spec writes them). */
const SHAPES = [
  "api/v1/users/?$",
  "api/v1/me/?$",
  "api/v1/users/(?P<id>\\d+)/?$",
  "api/v1/users/(?P<id>\\d+)/avatar/?$",
  "api/v1/users/(?P<id>\\d+)/posts/?$",
  "api/v1/users/(?P<id>\\d+)/posts/(?P<postId>\\d+)/?$",
  "api/v1/users/(?P<id>\\d+)/followers/?$",
  "api/v1/users/(?P<id>\\d+)/following/?$",
  "api/v1/posts/?$",
  "api/v1/posts/(?P<id>\\d+)/?$",
  "api/v1/posts/(?P<id>\\d+)/comments/?$",
  "api/v1/posts/(?P<id>\\d+)/comments/(?P<commentId>\\d+)/?$",
  "api/v1/posts/(?P<id>\\d+)/likes/?$",
  "api/v1/comments/(?P<id>\\d+)/?$",
  "api/v1/auth/login/?$",
  "api/v1/auth/logout/?$",
  "api/v1/auth/refresh/?$",
  "api/v1/auth/password/reset/?$",
  "api/v1/search/?$",
  "api/v1/notifications/?$",
  "api/v1/notifications/(?P<id>\\d+)/read/?$",
  "api/v1/orgs/?$",
  "api/v1/orgs/(?P<org>[\\w-]+)/?$",
  "api/v1/orgs/(?P<org>[\\w-]+)/members/?$",
  "api/v1/orgs/(?P<org>[\\w-]+)/members/(?P<id>\\d+)/?$",
  "api/v1/orgs/(?P<org>[\\w-]+)/repos/?$",
  "api/v1/orgs/(?P<org>[\\w-]+)/repos/(?P<repo>[\\w.-]+)/?$",
  "api/v1/orgs/(?P<org>[\\w-]+)/repos/(?P<repo>[\\w.-]+)/issues/(?P<num>\\d+)/?$",
  "api/v2/users/?$",
  "api/v2/users/(?P<id>\\d+)/?$",
  "api/v2/posts/?$",
  "api/v2/posts/(?P<id>\\d+)/?$",
  "chat/(?P<room>[\\w-]+)/$",
  "chat/(?P<room>[\\w-]+)/history/$",
  "chat/(?P<room>[\\w-]+)/members/$",
  "admin/?$",
  "admin/users/?$",
  "admin/users/(?P<id>\\d+)/?$",
  "admin/settings/?$",
  "health/?$",
  "metrics/?$",
  "docs/(?P<slug>[\\w-]+)/?$",
  "blog/(?P<year>\\d{4})/(?P<month>\\d{2})/(?P<slug>[\\w-]+)/?$",
  "static/(?P<path>.+)$",
  "media/(?P<path>.+)$",
];

/** A spec with `count` routes in all (endpoints and prefix routes). */
export function generateSpec(count: number, salt: string): string {
  const lines = [
    'import { ChatConsumer } from "./fixtures/chat/consumers"',
    'import djangoApp from "./fixtures/chat/app"',
    'import { api } from "./apps"',
    "",
    "socketio_urlpatterns = [",
    '  re_path(r"^socket\\.io/?$", ChatConsumer.as_asgi()),',
    "]",
    "",
  ];
  const http: string[] = [];
  let routes = 2; // the Socket.IO route and the catch-all
  for (let group = 0; routes < count; group++) {
    const prefix = `${salt}g${group}/`;
    const room = Math.min(SHAPES.length, count - routes);
    if (group % 2 === 1 && room > 1) {
      // A nested group: one prefix route, its own table.
      const inner = SHAPES.slice(0, room - 1).map((shape) => `    re_path(r"^${shape}", api),`);
      lines.push(`group${group} = URLRouter([`, ...inner, "])", "");
      http.push(`    re_path(r"^${prefix}", group${group}),`);
      routes += room;
    } else {
      http.push(...SHAPES.slice(0, room).map((shape) => `    re_path(r"^${prefix}${shape}", api),`));
      routes += room;
    }
  }
  lines.push(
    "application = ProtocolTypeRouter({",
    '  "websocket": AllowedHostsOriginValidator(AuthMiddlewareStack(URLRouter(socketio_urlpatterns))),',
    '  "http": AuthMiddlewareStack(URLRouter(socketio_urlpatterns + [',
    ...http,
    '    re_path("", djangoApp),',
    "  ])),",
    "})",
    "",
  );
  return lines.join("\n");
}
