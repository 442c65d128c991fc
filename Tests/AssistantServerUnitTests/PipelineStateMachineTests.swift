import AssistantTesting
import Testing

@testable import AssistantServer

/// Every transition of the pipeline's decisions, with jobs as strings and workers as numbers.
@Suite struct PipelineStateMachineTests {
    typealias Machine = PipelineStateMachine<String, Int>

    /// The machine by reference, so that its calls can sit inside `#expect`.
    final class Driver {
        var machine: Machine

        init(maxQueued: Int, maxPerLane: Int = .max) { machine = Machine(maxQueued: maxQueued, maxPerLane: maxPerLane) }

        var held: Int { machine.held }
        var waitingJobs: Int { machine.waitingJobs }
        func admit(lane: Int64 = 0) -> Bool { machine.admit(lane: lane) == .admitted }
        func admission(lane: Int64) -> Machine.Admission { machine.admit(lane: lane) }
        func admitReplayed(lane: Int64 = 0) { machine.admitReplayed(lane: lane) }
        func withdrawAdmission(lane: Int64 = 0) -> [Int] { machine.withdrawAdmission(lane: lane) }
        func held(lane: Int64) -> Int { machine.held(lane: lane) }
        func enqueue(_ job: String, lane: Int64) -> Machine.EnqueueAction { machine.enqueue(job, lane: lane) }
        func next(after lane: Int64?) -> Machine.NextAction { machine.next(after: lane) }
        func park(_ worker: Int) { machine.park(worker) }
        func stopIntake() -> [Int] { machine.stopIntake() }
        func cancel() -> [Int] { machine.cancel() }
    }

    /// The job a `.run` carries, as "job@lane".
    static func ran(_ action: Machine.NextAction) -> String? {
        if case .run(let job, let lane) = action { return "\(job)@\(lane)" }
        return nil
    }

    static func isPark(_ action: Machine.NextAction) -> Bool {
        if case .park = action { return true }
        return false
    }

    static func exited(_ action: Machine.NextAction) -> [Int]? {
        if case .exit(let wake) = action { return wake }
        return nil
    }

    /// The worker a `.resume` wakes and the job it carries, as "worker:job@lane".
    static func resumed(_ action: Machine.EnqueueAction) -> String? {
        if case .resume(let worker, let job, let lane) = action { return "\(worker):\(job)@\(lane)" }
        return nil
    }

    @Test func admissionStopsAtTheBoundAndReopensAsUpdatesFinish() {
        let machine = Driver(maxQueued: 2)
        #expect(machine.admit() && machine.admit())
        #expect(machine.admit() == false, "full")
        #expect(machine.held == 2)
        #expect(machine.withdrawAdmission().isEmpty, "a duplicate gives its room back")
        #expect(machine.admit())
        _ = machine.enqueue("a", lane: 1)
        #expect(Self.ran(machine.next(after: nil)) == "a@1")
        #expect(Self.isPark(machine.next(after: 1)))
        #expect(machine.held == 1 && machine.admit(), "a finished job gives its room back")
    }

    @Test func aChatPastItsShareIsToldApartFromAFullPipeline() {
        let machine = Driver(maxQueued: 5, maxPerLane: 2)
        #expect(machine.admit(lane: 1) && machine.admit(lane: 1))
        #expect(machine.admission(lane: 1) == .laneFull, "lane 1 holds its share")
        #expect(machine.admit(lane: 2) && machine.admit(lane: 2) && machine.admit(lane: 3), "other lanes still get in")
        #expect(machine.admission(lane: 4) == .full, "the pipeline's own bound")
        #expect(machine.held == 5 && machine.held(lane: 1) == 2)
        _ = machine.enqueue("a", lane: 1)
        #expect(Self.ran(machine.next(after: nil)) == "a@1")
        #expect(Self.isPark(machine.next(after: 1)))
        #expect(machine.held(lane: 1) == 1, "a finished job gives its lane's room back")
        #expect(machine.admit(lane: 1))
        #expect(machine.withdrawAdmission(lane: 1).isEmpty)
        #expect(machine.held(lane: 1) == 1, "so does a withdrawn one")
    }

    @Test func replayedUpdatesAreHeldBeyondTheBounds() {
        let lanes = Driver(maxQueued: 10, maxPerLane: 1)
        lanes.admitReplayed(lane: 7)
        lanes.admitReplayed(lane: 7)
        #expect(lanes.held(lane: 7) == 2 && lanes.admission(lane: 7) == .laneFull)

        let machine = Driver(maxQueued: 1)
        machine.admitReplayed()
        machine.admitReplayed()
        #expect(machine.held == 2)
        #expect(machine.admit() == false)
    }

    @Test func aParkedWorkerIsResumedWithTheFirstJobOfAnIdleLane() {
        let machine = Driver(maxQueued: 10)
        #expect(Self.isPark(machine.next(after: nil)))
        machine.park(7)
        _ = machine.admit()
        #expect(Self.resumed(machine.enqueue("a", lane: 1)) == "7:a@1")
    }

    @Test func aBusyLaneQueuesEvenWithParkedWorkersAndItsWorkerContinuesInOrder() {
        let machine = Driver(maxQueued: 10)
        machine.park(1)
        machine.park(2)
        for _ in 0..<3 { _ = machine.admit() }
        #expect(Self.resumed(machine.enqueue("a1", lane: 1)) == "2:a1@1", "the last parked goes first")
        #expect(Self.resumed(machine.enqueue("a2", lane: 1)) == nil, "lane 1 has a worker: a2 waits for it")
        #expect(Self.resumed(machine.enqueue("a3", lane: 1)) == nil)
        #expect(machine.waitingJobs == 2)
        #expect(Self.ran(machine.next(after: 1)) == "a2@1")
        #expect(Self.ran(machine.next(after: 1)) == "a3@1")
        #expect(Self.isPark(machine.next(after: 1)))
        #expect(machine.held == 0 && machine.waitingJobs == 0)
    }

    @Test func withoutParkedWorkersLanesWaitInTheOrderTheyBecameReady() {
        let machine = Driver(maxQueued: 10)
        for _ in 0..<4 { _ = machine.admit() }
        for (job, lane) in [("a1", Int64(1)), ("b1", 2), ("a2", 1), ("c1", 3)] {
            #expect(Self.resumed(machine.enqueue(job, lane: lane)) == nil)
        }
        // Two workers: each takes a lane; a lane never has two at once.
        #expect(Self.ran(machine.next(after: nil)) == "a1@1")
        #expect(Self.ran(machine.next(after: nil)) == "b1@2")
        #expect(Self.ran(machine.next(after: 2)) == "c1@3", "lane 2 is empty: on to the next ready lane")
        #expect(Self.ran(machine.next(after: 1)) == "a2@1", "lane 1 continues on its worker")
        #expect(Self.isPark(machine.next(after: 1)))
        #expect(Self.isPark(machine.next(after: 3)))
        #expect(machine.held == 0)
    }

    @Test func aLaneThatEmptiedIsIdleAgain() {
        let machine = Driver(maxQueued: 10)
        _ = machine.admit()
        _ = machine.enqueue("a1", lane: 1)
        #expect(Self.ran(machine.next(after: nil)) == "a1@1")
        #expect(Self.isPark(machine.next(after: 1)))
        machine.park(4)
        _ = machine.admit()
        #expect(Self.resumed(machine.enqueue("a2", lane: 1)) == "4:a2@1", "no worker on lane 1 any more")
    }

    @Test func stoppingIntakeWithNothingHeldExitsEveryWorker() {
        let machine = Driver(maxQueued: 10)
        machine.park(1)
        machine.park(2)
        #expect(machine.stopIntake().sorted() == [1, 2])
        #expect(machine.admit() == false, "no intake after stop")
        #expect(Self.exited(machine.next(after: nil)) == [], "a worker arriving later exits too")
    }

    @Test func stoppingIntakeDrainsWhatIsHeldThenExits() {
        let machine = Driver(maxQueued: 10)
        for _ in 0..<2 { _ = machine.admit() }
        _ = machine.enqueue("a", lane: 1)
        _ = machine.enqueue("b", lane: 2)
        #expect(Self.ran(machine.next(after: nil)) == "a@1")
        #expect(Self.ran(machine.next(after: nil)) == "b@2", "a second worker takes b")
        machine.park(9)
        #expect(machine.stopIntake().isEmpty, "two held: not drained")
        #expect(Self.isPark(machine.next(after: 1)), "b is at work elsewhere")
        machine.park(8)
        #expect(Self.exited(machine.next(after: 2))?.sorted() == [8, 9], "the last job done: everyone exits")
    }

    @Test func aWithdrawnAdmissionCanBeTheOneThatDrains() {
        let machine = Driver(maxQueued: 10)
        _ = machine.admit()
        machine.park(3)
        #expect(machine.stopIntake().isEmpty)
        #expect(machine.withdrawAdmission() == [3])
    }

    @Test func cancellingLeavesWaitingJobsAndExitsWorkersAfterTheirJob() {
        let machine = Driver(maxQueued: 10)
        for _ in 0..<3 { _ = machine.admit() }
        machine.park(5)
        _ = machine.enqueue("a1", lane: 1)
        _ = machine.enqueue("a2", lane: 1)
        _ = machine.enqueue("b1", lane: 2)
        machine.park(6)
        #expect(machine.cancel() == [6])
        #expect(machine.admit() == false)
        #expect(Self.exited(machine.next(after: 1)) == [], "a2 is left journaled for the restart")
        #expect(Self.exited(machine.next(after: nil)) == [], "b1 too")
    }
}
