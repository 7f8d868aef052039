/**
 * Sharing tags (§12) as scenarios write them. The tags themselves live in a MemoryShtags
 * (engine/cluster), which can also hold a change back from the engine, as a busy clusterer can.
 */
import { type Shtag } from "../../engine/index.js";

/** `name/cluster_id`, as the record's cluster_shtag column writes it. */
export function parseShtag(text: string): Shtag {
  const match = /^([^/]+)\/(\d+)$/.exec(text);
  if (match?.[1] === undefined || match[2] === undefined) throw new Error(`a sharing tag is written name/cluster_id, got ${JSON.stringify(text)}`);
  return { name: match[1], clusterId: Number(match[2]) };
}
