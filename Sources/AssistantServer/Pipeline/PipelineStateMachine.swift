import DequeModule

/// The pipeline's decisions, as a value: which update is admitted, which worker runs what,
/// when the pipeline is drained. It holds no lock, starts no task and reads no clock;
/// `UpdatePipeline` keeps it behind a lock and performs the actions it returns, the way
/// AsyncHTTPClient's and postgres-nio's state machines are driven by their channel handlers.
///
/// - **Bounds**: at most `maxQueued` updates are held (queued or at work), and at most
///   `maxPerLane` of one lane (a chat's share: one busy chat cannot fill the pipeline for
///   the others); `admit` says when one more is not, and which bound it met.
/// - **Order**: updates of one lane (a chat) run one at a time, in the order enqueued; a
///   worker that finishes a job continues with its lane's next one.
/// - **Drain**: after `stopIntake`, once nothing is held, every worker is told to exit.
///
/// `Job` is the work (an update and its inline-reply slot); `Worker` is how a parked
/// worker is resumed (a continuation in the pipeline, a number in the tests).
struct PipelineStateMachine<Job, Worker> {
    enum EnqueueAction {
        /// The lane was busy or every worker is at work: the job waits.
        case queued
        /// Resume this parked worker with the job.
        case resume(Worker, Job, lane: Int64)
    }

    enum NextAction {
        /// Run this job, then ask again with its lane.
        case run(Job, lane: Int64)
        /// Nothing to do: park until an enqueue resumes you.
        case park
        /// Drained or cancelled: exit, and resume these parked workers so they exit too.
        case exit(wake: [Worker])
    }

    enum Admission: Equatable {
        case admitted
        /// The pipeline is full (or stopping): real overload, the sender retries later.
        case full
        /// This lane holds its share: the update is acknowledged and dropped.
        case laneFull
    }

    let maxQueued: Int
    let maxPerLane: Int
    /// Updates admitted and not finished.
    private(set) var held = 0
    /// Of those, per lane (lanes holding none are absent).
    private var heldPerLane: [Int64: Int] = [:]
    private(set) var isAccepting = true
    private var isCancelled = false
    /// Jobs waiting, per lane; a lane is here while it has jobs waiting or a worker on it.
    private var lanes: [Int64: Deque<Job>] = [:]
    /// Lanes with waiting jobs and no worker, in the order they became ready.
    private var ready: Deque<Int64> = []
    private var parked: [Worker] = []

    init(maxQueued: Int, maxPerLane: Int = .max) {
        precondition(maxQueued > 0 && maxPerLane > 0)
        self.maxQueued = maxQueued
        self.maxPerLane = maxPerLane
    }

    /// Reserves room for one more update of `lane`.
    mutating func admit(lane: Int64) -> Admission {
        guard isAccepting, held < maxQueued else { return .full }
        guard heldPerLane[lane, default: 0] < maxPerLane else { return .laneFull }
        hold(lane)
        return .admitted
    }

    /// Takes an update accepted before the last stop; it is held whatever the bounds.
    mutating func admitReplayed(lane: Int64) {
        hold(lane)
    }

    /// An admitted update that will not be enqueued (a duplicate, or the journal failed).
    /// Returns the parked workers to resume for exit when that drained the pipeline.
    mutating func withdrawAdmission(lane: Int64) -> [Worker] {
        release(lane)
        return drainedWorkers()
    }

    /// Updates of `lane` held (queued or at work).
    func held(lane: Int64) -> Int { heldPerLane[lane, default: 0] }

    private mutating func hold(_ lane: Int64) {
        held += 1
        heldPerLane[lane, default: 0] += 1
    }

    private mutating func release(_ lane: Int64) {
        held -= 1
        let left = heldPerLane[lane, default: 1] - 1
        heldPerLane[lane] = left > 0 ? left : nil
    }

    mutating func enqueue(_ job: Job, lane: Int64) -> EnqueueAction {
        if lanes[lane] != nil {
            lanes[lane]!.append(job)
            return .queued
        }
        if let worker = parked.popLast() {
            lanes[lane] = []
            return .resume(worker, job, lane: lane)
        }
        lanes[lane] = [job]
        ready.append(lane)
        return .queued
    }

    /// What a worker does next, having finished a job of `finished` (nil when it has none).
    mutating func next(after finished: Int64?) -> NextAction {
        if let finished {
            release(finished)
            if isCancelled { return .exit(wake: []) }
            if let job = lanes[finished]?.popFirst() { return .run(job, lane: finished) }
            lanes[finished] = nil
        }
        if isCancelled { return .exit(wake: []) }
        if let lane = ready.popFirst(), let job = lanes[lane]?.popFirst() {
            return .run(job, lane: lane)
        }
        if !isAccepting && held == 0 { return .exit(wake: takeParked()) }
        return .park
    }

    /// Records a worker that was told to park.
    mutating func park(_ worker: Worker) {
        parked.append(worker)
    }

    /// Stops admitting updates; those held are still worked. Returns the parked workers to
    /// resume for exit when nothing is held.
    mutating func stopIntake() -> [Worker] {
        isAccepting = false
        return drainedWorkers()
    }

    /// Shutdown ran out of time: workers exit after their current job and jobs still
    /// waiting are left (they stay journaled and run after the restart). Returns the parked
    /// workers to resume for exit.
    mutating func cancel() -> [Worker] {
        isAccepting = false
        isCancelled = true
        return takeParked()
    }

    /// Jobs waiting in lanes (not counting the ones at work).
    var waitingJobs: Int { lanes.values.reduce(0) { $0 + $1.count } }

    private mutating func drainedWorkers() -> [Worker] {
        guard !isAccepting, held == 0 else { return [] }
        return takeParked()
    }

    private mutating func takeParked() -> [Worker] {
        defer { parked = [] }
        return parked
    }
}
