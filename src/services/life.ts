import { CustomerUpdateService } from "./customer-update-service.js";
import { LinkingService } from "./linking-service.js";
import { OwnershipService } from "./ownership-service.js";
import { ReclassificationService } from "./reclassification-service.js";
import { ReopenService } from "./reopen-service.js";
import { ThreadReplyService } from "./thread-reply-service.js";
import { UseCaseRunner, type ServiceDeps } from "./use-case.js";
import { WaitingService } from "./waiting-service.js";
import { WarRoomService } from "./war-room-service.js";

/** The use cases of an escalation's life after it opens, each its own module, built on one runner. */
export interface EscalationLife {
  ownership: OwnershipService;
  reclassification: ReclassificationService;
  waiting: WaitingService;
  reopening: ReopenService;
  threadReplies: ThreadReplyService;
  customerUpdates: CustomerUpdateService;
  linking: LinkingService;
  warRoom: WarRoomService;
}

export function escalationLife(deps: ServiceDeps): EscalationLife {
  const run = new UseCaseRunner(deps);
  return {
    ownership: new OwnershipService(run),
    reclassification: new ReclassificationService(run),
    waiting: new WaitingService(run),
    reopening: new ReopenService(run),
    threadReplies: new ThreadReplyService(run),
    customerUpdates: new CustomerUpdateService(run),
    linking: new LinkingService(run),
    warRoom: new WarRoomService(run),
  };
}
