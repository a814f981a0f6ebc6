using System.Collections.Immutable;

namespace Understudy.Core.Lab;

/// <summary>A lab plan, or every reason there is none (each naming what to change).</summary>
/// <param name="Plan">The plan when <paramref name="Errors"/> is empty.</param>
/// <param name="Errors">Every problem found, not just the first.</param>
public sealed record LabPlanResult(LabPlan? Plan, ImmutableArray<string> Errors);
