namespace Understudy.Core.Nlb;

/// <summary>What the cluster decided about a node's NLB settings.</summary>
/// <param name="Fingerprint">The node's <see cref="NlbConfig.RulesFingerprint"/>.</param>
/// <param name="HostPriority">The node's host priority.</param>
/// <param name="Admitted">Whether the node takes part in load balancing.</param>
/// <param name="Reason">Why it was refused, or null.</param>
public sealed record NlbAdmissionVerdict(string Fingerprint, int HostPriority, bool Admitted, string? Reason);
