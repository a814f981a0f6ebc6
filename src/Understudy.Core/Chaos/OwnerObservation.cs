namespace Understudy.Core.Chaos;

/// <summary>One answer of the kv service's <c>/healthz</c>: which instance served, under which token.</summary>
/// <param name="At">When it answered (the history's clock).</param>
/// <param name="Node">The node the instance runs on.</param>
/// <param name="Pid">The instance's process id.</param>
/// <param name="Token">The fencing token it was started with.</param>
public sealed record OwnerObservation(long At, string Node, int Pid, long Token);
