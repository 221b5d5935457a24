export { getRetentionPolicies, getRetentionPolicy, isExpired, NO_POLICY, type RetentionPolicy } from "./policy";
