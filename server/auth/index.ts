export { hashPassword, verifyPassword } from "./passwords";
export { createAccessToken, forgetCachedTokens, resolveAccessToken, revokeAccessToken, revokeUserTokens, type Requester } from "./tokens";
export { createUser, getUser, checkLocalUserId, type CreateUserInput } from "./users";
export { loginWithPassword, qualifyUserId } from "./login";
export { deactivateUser, markDeactivated, DEACTIVATE_USER_ACTION } from "./deactivate-user";
