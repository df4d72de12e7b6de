// Keycloak set-up for the browser tests: allow the page's origin (the test load balancer's port)
// for CORS on the token endpoint of client parley-web, through Keycloak's admin REST API, as an
// operator does for the origin a web app is deployed on.

export async function allowWebOrigin({ keycloakUrl, admin, password, realm = "parley", clientId = "parley-web", origin }) {
  const token = await fetch(`${keycloakUrl}/realms/master/protocol/openid-connect/token`, {
    method: "POST",
    body: new URLSearchParams({ grant_type: "password", client_id: "admin-cli", username: admin, password }),
  }).then(async (r) => {
    if (!r.ok) throw new Error(`Keycloak admin sign-in failed: ${r.status} ${await r.text()}`);
    return (await r.json()).access_token;
  });
  const headers = { Authorization: `Bearer ${token}`, "Content-Type": "application/json" };
  const clients = await fetch(`${keycloakUrl}/admin/realms/${realm}/clients?clientId=${clientId}`, { headers }).then((r) => r.json());
  const client = clients[0];
  if (!client) throw new Error(`no client ${clientId} in realm ${realm}`);
  if (client.webOrigins.includes(origin)) return;
  client.webOrigins.push(origin);
  const r = await fetch(`${keycloakUrl}/admin/realms/${realm}/clients/${client.id}`, { method: "PUT", headers, body: JSON.stringify(client) });
  if (!r.ok) throw new Error(`could not add web origin ${origin}: ${r.status} ${await r.text()}`);
}
