using Understudy.Core.Chaos;

namespace Understudy.Cli.Scenario;

/// <summary>What one seed's run did and found.</summary>
/// <param name="Seed">The seed.</param>
/// <param name="Faults">The faults injected.</param>
/// <param name="ConvergedAfter">Time from the end of the last fault until every node agreed, or null if they did not within the wait.</param>
/// <param name="History">The kv history.</param>
/// <param name="NlbOk">Requests to the NLB rule answered.</param>
/// <param name="NlbFailed">Requests to the NLB rule not answered.</param>
/// <param name="Violations">What the checkers found.</param>
/// <param name="Error">Why the run could not be checked (the cluster never formed), or null.</param>
internal sealed record ChaosOutcome(
    int Seed,
    IReadOnlyList<ChaosInjected> Faults,
    TimeSpan? ConvergedAfter,
    IReadOnlyList<KvOperation> History,
    long NlbOk,
    long NlbFailed,
    IReadOnlyList<HistoryViolation> Violations,
    string? Error);
