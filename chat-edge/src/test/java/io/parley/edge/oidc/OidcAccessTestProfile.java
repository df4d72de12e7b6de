package io.parley.edge.oidc;

import java.util.HashMap;
import java.util.Map;

/** OIDC mode, with chat-persister's group lookups answered by {@link GroupsDouble}. */
public class OidcAccessTestProfile extends OidcTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> config = new HashMap<>(super.getConfigOverrides());
        config.put("quarkus.rest-client.persister.url", GroupsDouble.url());
        return config;
    }
}
