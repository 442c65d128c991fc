/// What `SharedUpdateJournal.begin` found.
public enum SharedAdmission: Sendable, Equatable {
    /// The id was journaled before: a redelivery.
    case duplicate
    /// Journaled, and this call took the chat's lease: work it here. `firstInLine`: no
    /// earlier update of the chat is unanswered, so this one is the chat's head. `epoch`:
    /// the lease's, under which its replies are sent.
    case leased(firstInLine: Bool, epoch: Int64)
    /// Journaled; this replica held the chat already and was told there is more (the work
    /// under way here answers it).
    case heldHere
    /// Journaled; another replica holds the chat and was told there is more (it answers).
    case heldElsewhere
}

/// What `SharedUpdateJournal.complete` found once the update was marked answered.
public enum ChatProgress: Sendable, Equatable {
    /// The chat's next unanswered update: work it.
    case next(JournaledUpdate)
    /// Nothing is left and the lease is given up.
    case released
    /// Nothing is left in view, but an update arrived meanwhile (the lease is wanted): keep
    /// the chat, `acquire` it again (which clears the mark) and look at its `head`.
    case wanted
    /// This replica no longer holds the chat (its lease lapsed and another replica took it,
    /// or an earlier attempt of this call released it): stop working it.
    case lost
}

/// The update journal as several replicas share it. Besides recognising redeliveries, it
/// decides which replica works a chat — the one holding the chat's lease — so that a chat's
/// updates are answered one at a time in update-id order whichever replica received them,
/// and a dead replica's chats pass to another once its leases lapse.
///
/// The holder works the chat from the journal: `head`, then `complete` (which hands back the
/// next, and gives the chat up when none is left). An update journaled for a held chat marks
/// the lease "wanted", and the chat is not given up while it is, so nothing journaled is
/// left behind without a holder.
///
/// Every take of a lease by a new holder draws a new epoch; the holder works (`complete`,
/// `release`) and sends under its epoch, so a holder paused past its lease, whose chat was
/// taken over meanwhile, can neither send nor mark anything when it resumes.
public protocol SharedUpdateJournal: UpdateJournal {
    /// Journals an update of `chatID` and tries to lease the chat for this replica.
    func begin(updateID: Int64, chatID: Int64, payload: [UInt8]) async throws -> SharedAdmission
    /// Leases the chat for this replica (its epoch), or marks it wanted by its live holder
    /// (nil). A lease this replica holds keeps its epoch.
    func acquire(chatID: Int64) async throws -> Int64?
    /// The chat's first unanswered update.
    func head(chatID: Int64) async throws -> JournaledUpdate?
    /// Marks an update answered and says what follows: the chat's next unanswered update,
    /// or the chat given up when none is left (one round trip for the common case).
    func complete(updateID: Int64, chatID: Int64, epoch: Int64) async throws -> ChatProgress
    /// Gives the chat up; false when an update arrived for it meanwhile (keep working it).
    func release(chatID: Int64, epoch: Int64) async throws -> Bool
    /// Extends every live lease this replica holds but those of `abandoned` (chats it could
    /// not work: their leases lapse, and another replica, or this one later, takes them
    /// over). A lease that lapsed is not renewed: it is taken over, with a new epoch.
    func renewLeases(except abandoned: Set<Int64>) async throws
    /// Leases chats with unanswered updates whose holder's lease lapsed (or that have none);
    /// returns them.
    func adoptOrphans(limit: Int) async throws -> [Int64]
    /// Gives up every lease this replica holds (at the end of a drain).
    func releaseAll() async throws
}
