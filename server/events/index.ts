export { persistEvents, retentionPolicyOf, type EventDraft, type StoredEvent } from "./persist-events";
export * from "./ids";
export { pruneContent, redactsOf } from "./redaction";
export { serializeEvent, type SerializeOptions } from "./serialize";
