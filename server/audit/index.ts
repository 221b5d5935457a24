export { recordAudit, type AuditStatus, type RecordAuditInput } from "./record-audit";
export { finishAudit, finishAuditForTask, type FinishAuditInput } from "./finish-audit";
export { listAudit, AUDIT_DEFAULT_LIMIT, AUDIT_MAX_LIMIT, type AuditEntry, type ListAuditInput } from "./list-audit";
