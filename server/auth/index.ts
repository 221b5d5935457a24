export { hashPassword, verifyPassword } from "./passwords";
export { createAccessToken, forgetCachedTokens, resolveAccessToken, revokeAccessToken, revokeUserTokens, type Requester } from "./tokens";
export { createUser, getUser, checkLocalUserId, type CreateUserInput } from "./users";
export { loginWithPassword, qualifyUserId } from "./login";
