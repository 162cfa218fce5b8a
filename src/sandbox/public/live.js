// @ts-check
import { API } from "./http.js";
import { dispatch } from "./surfaces.js";

/** Live changes, as server-sent events: each goes to the surfaces that react to its kind. */
export function listen() {
  const source = new EventSource(`${API}events`);
  source.onmessage = (event) => dispatch(JSON.parse(event.data));
}
