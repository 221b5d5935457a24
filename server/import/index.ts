export { importEvents, parsePdus } from "./import-events";
export { importBodySchema, pduSchema, MAX_IMPORT_BATCH, type Pdu } from "./schemas";
