export { hashPassword, verifyPassword } from "./passwords";
export { createAccessToken, forgetCachedTokens, resolveAccessToken, revokeAccessToken, revokeUserTokens, type Requester } from "./tokens";
export { createUser, getUser, checkLocalUserId, type CreateUserInput } from "./users";
export { loginWithPassword, qualifyUserId } from "./login";
export { deactivateUser, markDeactivated, DEACTIVATE_USER_ACTION, type DeactivationVia } from "./deactivate-user";
export { partDeactivatedUserTask, PART_DEACTIVATED_USER_ACTION, PART_BATCH_SIZE, type PartProgress } from "./part-deactivated-user";
