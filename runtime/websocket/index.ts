export { AsyncWebsocketConsumer, WebsocketConsumer, type WebsocketConsumerOptions } from "./consumer.js";
