import { getRetentionConfiguration } from "@/server/retention/configuration";
import { authenticate } from "../auth";
import { json } from "../respond";
import { route, type Route } from "../router";

// MSC1763: only served when retention and experimental msc1763_enabled are on (else 404
// M_UNRECOGNIZED, as an unregistered servlet in Synapse), then any logged-in user.
export const retentionConfigRoutes: Route[] = [
  route("GET", "/_matrix/client/unstable/org.matrix.msc1763/retention/configuration", async (c) => {
    const configuration = getRetentionConfiguration(c.app.config);
    await authenticate(c);
    return json(configuration);
  }),
];
