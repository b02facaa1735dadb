import RPLSource
import RPLSyntax

/// How big a value is, as the value limits count it.
struct ValueMeasure {
    var bytes = 0
    /// Lists and records nested in one another (a scalar is 0).
    var nesting = 0
    /// Values visited to measure it: the work of walking it, charged as steps.
    var visited = 0
}

extension Value {
    /// The value's size, walking at most `cap` values (past that, what was
    /// counted so far, already over any limit that matters). Iterative, so
    /// no value is too deep to measure.
    func measure(cap: Int) -> ValueMeasure {
        var result = ValueMeasure()
        var pending: [(value: Value, level: Int)] = [(self, 0)]
        while let (value, level) = pending.popLast() {
            result.visited += 1
            result.nesting = max(result.nesting, level)
            if result.visited > cap { break }
            switch value {
            case let .string(text): result.bytes += 8 + text.utf8.count
            case let .entity(_, name): result.bytes += 8 + name.utf8.count
            case let .list(items):
                result.bytes += 8
                for item in items { pending.append((item, level + 1)) }
            case let .record(fields):
                result.bytes += 8
                for (key, item) in fields {
                    result.bytes += key.utf8.count
                    pending.append((item, level + 1))
                }
            default: result.bytes += 8
            }
        }
        return result
    }

    /// Whether walking it means more than one step (comparing, showing, concatenating).
    var isComposite: Bool {
        switch self {
        case .list, .record, .string: true
        default: false
        }
    }
}

extension Evaluator {
    /// Spends `steps` of the budget; false once it is spent, after saying
    /// so once, at the outermost loop or call under way.
    @inline(__always)
    func spend(_ steps: Int = 1) -> Bool {
        stepsLeft -= steps
        if stepsLeft >= 0 { return true }
        if stepsLeft + steps >= 0 { reportStepsExhausted() }
        // Stay below zero however much more is asked: evaluation unwinds from here.
        stepsLeft = -1
        return false
    }

    var budgetSpent: Bool { stepsLeft < 0 }

    private func reportStepsExhausted() {
        let place = budgetAnchor ?? (file, Span(0, 0))
        diagnostics.append(Diagnostic(.RP106, "too many evaluation steps (limit is \(limits.maxSteps))",
                                      file: place.file, span: place.span,
                                      notes: ["evaluation stopped here: what the plan does after this point was not checked"],
                                      help: ["look for a recursion without a base case, or loops nested deeper than meant: each multiplies the work of what it holds"]))
    }

    /// Runs a loop or call, which becomes where an exhausted budget is reported if none is under way yet.
    func anchoringBudget<Result>(at span: Span, _ work: () -> Result) -> Result {
        guard budgetAnchor == nil else { return work() }
        budgetAnchor = (callSite != nil && file !== rootFile ? rootFile : file, callSite != nil && file !== rootFile ? callSite! : span)
        defer { budgetAnchor = nil }
        return work()
    }

    /// The cost of walking a value (comparing, showing or copying it), spent
    /// from the budget; false when that exhausts it.
    func spendWalking(_ values: Value...) -> Bool {
        var steps = 0
        for value in values where value.isComposite {
            if case let .string(text) = value {
                // Strings are compared and copied a machine word at a time: a step per 64 bytes.
                steps += text.utf8.count / 64
            } else {
                steps += value.measure(cap: max(0, stepsLeft) + 1).visited
            }
        }
        return spend(steps)
    }

    /// A value just built, or .invalid (and RP106) when it is larger or
    /// deeper than the value limits allow.
    func checkedSize(_ value: Value, at span: Span) -> Value {
        let measure = value.measure(cap: limits.maxValueBytes / 8 + 1)
        guard spend(measure.visited) else { return .invalid }
        if measure.bytes > limits.maxValueBytes {
            report(.RP106, "\(value.type) exceeds the limit of \(limits.maxValueBytes) bytes for one value", at: span,
                   help: ["a value built up by repetition (doubling in a recursion or a loop) grows exponentially"])
            return .invalid
        }
        if measure.nesting > limits.maxValueNesting {
            report(.RP106, "too many lists and records nested in one another (limit is \(limits.maxValueNesting))", at: span)
            return .invalid
        }
        return value
    }
}
