import type { DiscussionsService } from './discussions.service';
import { ThreadCatchUp } from './thread-catch-up';
import type { ThreadEventRow, ThreadEventsRepository } from './thread-events.repository';

const THREAD = '6f1c2a34-0b7e-4c41-9d55-1e2f3a4b5c6d';

/** A log of `last` events alternating post creations and updates of post p<seq>, read the way the repository reads it. */
function fakeLog(last: number) {
  const log: ThreadEventRow[] = Array.from({ length: last }, (_, i) => ({ seq: i + 1, kind: i % 5 === 4 ? 'thread:updated' : 'post:created', postId: i % 5 === 4 ? null : `p${i + 1}` }));
  const events = {
    lastSeq: jest.fn(async (threadId: string) => (threadId === THREAD ? last : null)),
    eventsAfter: jest.fn(async (_threadId: string, after: number, limit: number, upTo?: number) =>
      log.filter((row) => row.seq > after && (upTo === undefined || row.seq <= upTo)).slice(0, limit),
    ),
  };
  const discussions = {
    peerPostViews: jest.fn(async (ids: string[]) => ids.map((id) => ({ id, mine: false }))),
    peerThreadView: jest.fn(async (id: string) => ({ id })),
  };
  // Anything else the catch-up would call is a mistake: the cast keeps it from compiling, and a call would throw.
  return { events, discussions, catchUp: new ThreadCatchUp(events as unknown as ThreadEventsRepository, discussions as unknown as DiscussionsService) };
}

describe('ThreadCatchUp', () => {
  it('returns exactly the events after lastEventId up to what the room was sent, oldest first, each post view fetched once', async () => {
    const { catchUp, discussions } = fakeLog(12);
    const result = await catchUp.since(THREAD, 3, 10);
    expect('missed' in result && result.missed.map((event) => [event.event, event.payload.eventId])).toEqual([
      ['post:created', 4],
      ['thread:updated', 5],
      ['post:created', 6],
      ['post:created', 7],
      ['post:created', 8],
      ['post:created', 9],
      ['thread:updated', 10],
    ]);
    expect(discussions.peerPostViews).toHaveBeenCalledTimes(1);
    expect(discussions.peerPostViews).toHaveBeenCalledWith(['p4', 'p6', 'p7', 'p8', 'p9']);
    expect(discussions.peerThreadView).toHaveBeenCalledTimes(1);
  });

  it('misses nothing when the client is at or past what the room was sent', async () => {
    const { catchUp, events } = fakeLog(12);
    expect(await catchUp.since(THREAD, 10, 10)).toEqual({ missed: [] });
    expect(await catchUp.since(THREAD, 12, 10)).toEqual({ missed: [] });
    expect(events.eventsAfter).not.toHaveBeenCalled();
  });

  it('asks for a reload beyond the thread last event, for an unknown thread, and past the replay limit', async () => {
    const { catchUp } = fakeLog(ThreadCatchUp.MAX_MISSED + 10);
    expect(await catchUp.since(THREAD, ThreadCatchUp.MAX_MISSED + 11, ThreadCatchUp.MAX_MISSED + 10)).toEqual({ reload: true });
    expect(await catchUp.since('00000000-0000-4000-8000-000000000000', 0, 0)).toEqual({ reload: true });
    expect(await catchUp.since(THREAD, 9, ThreadCatchUp.MAX_MISSED + 10)).toEqual({ reload: true });
    // Counted to the end of the log, not to what the room was sent: the rest would come live, all the same.
    expect(await catchUp.since(THREAD, 0, 5)).toEqual({ reload: true });
    const justEnough = await catchUp.since(THREAD, 10, ThreadCatchUp.MAX_MISSED + 10);
    expect('missed' in justEnough && justEnough.missed).toHaveLength(ThreadCatchUp.MAX_MISSED);
  });

  it('puts the event number on the post as well as on the payload', async () => {
    const { catchUp } = fakeLog(3);
    const result = await catchUp.since(THREAD, 2, 3);
    expect(result).toEqual({ missed: [{ event: 'post:created', payload: { threadId: THREAD, eventId: 3, post: { id: 'p3', mine: false, eventId: 3 } } }] });
  });
});
