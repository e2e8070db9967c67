// `server-only` throws when imported outside a React Server Component bundle; tests run data-access
// code directly in Node, which is a server, so the marker is satisfied with an empty module.
export {};
