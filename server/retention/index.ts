export { getRetentionPolicies, getRetentionPolicy, isExpired, NO_POLICY, type RetentionPolicy } from "./policy";
export { describeRoomRetention, type RoomRetention } from "./describe-room-retention";
export { purgeJobsOf, jobSelectsRoom, includesNull, purgeMaxLifetime, clampMaxLifetime, type PurgeJob } from "./jobs";
export { findUncoveredLifetimes, warnUncoveredLifetimes, describeGap, type LifetimeGap } from "./coverage";
export { nextPlannedRun, runIdOf } from "./schedule";
export { selectRoomsForJob } from "./select-rooms";
