export interface ReadMarker {
  readonly conversationId: string;
  readonly agentId: string;
  readonly readAt: number;
  /** The agent moved it back (mark as unread): clients take this marker as is. */
  readonly markedUnread?: boolean;
}

export interface ReadMarkerRepository {
  /** Keeps the later of the stored and the given time; returns the marker now stored. */
  upsert(marker: ReadMarker): Promise<ReadMarker>;
  /** Sets the marker to exactly this time, earlier or not (mark as unread); marked so until a later read. */
  setBack(marker: ReadMarker): Promise<ReadMarker>;
  listOfAgent(agentId: string): Promise<ReadMarker[]>;
}
