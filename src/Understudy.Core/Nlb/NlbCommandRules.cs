using Understudy.Core.Config;
using Understudy.Core.Database;

namespace Understudy.Core.Nlb;

/// <summary>
/// What the leader checks before it replicates an NLB command that another node handed it
/// (<c>POST /api/nlb/commit</c>): the same rules the cluster file's <c>nlb:</c> section obeys.
/// A command that passes applies without error on every node; one that fails is answered with
/// the field at fault and never reaches the log.
/// </summary>
public static class NlbCommandRules
{
    /// <summary>Longest reason kept with a member state, in characters: a sentence for people.</summary>
    public const int MaxReasonLength = 500;

    /// <summary>The first problem of <paramref name="command"/> (its path is the command's JSON
    /// field), or null if the leader may replicate it.</summary>
    public static ConfigError? Check(ClusterCommand? command, NlbConfig? nlb)
    {
        if (command is not (NlbAnnounce or NlbMemberStateSet or NlbWeightSet))
        {
            return Problem("type", "not an NLB command; expected type nlbAnnounce, nlbMemberState or nlbWeight");
        }

        if (nlb is null)
        {
            return Problem("", "this cluster has no nlb section");
        }

        var node = command switch
        {
            NlbAnnounce a => a.Node,
            NlbMemberStateSet s => s.Node,
            NlbWeightSet w => w.Node,
            _ => null,
        };
        if (string.IsNullOrEmpty(node))
        {
            return Problem("node", "'node' is required");
        }

        if (nlb.FindMember(node) is null)
        {
            return Problem("node", $"'{YamlText.Quote(node)}' is not an NLB member (members: {string.Join(", ", nlb.Members.Select(m => m.Node))})");
        }

        return command switch
        {
            NlbAnnounce a => CheckAnnounce(a),
            NlbMemberStateSet s => CheckState(s),
            NlbWeightSet w => CheckWeight(w, nlb),
            _ => null,
        };
    }

    private static ConfigError? CheckAnnounce(NlbAnnounce announce) =>
        string.IsNullOrEmpty(announce.Fingerprint) ? Problem("fingerprint", "'fingerprint' is required")
        : announce.HostPriority is < 1 or > NlbConfig.MaxMembers ? Problem("hostPriority", $"host priority {announce.HostPriority} is out of range; expected 1..{NlbConfig.MaxMembers}")
        : null;

    private static ConfigError? CheckState(NlbMemberStateSet set) =>
        !Enum.IsDefined(set.State) ? Problem("state", $"{(int)set.State} is not a member state; expected started, stopped, draining or suspended")
        : set.Reason is null ? Problem("reason", "'reason' is required")
        : set.Reason.Length > MaxReasonLength ? Problem("reason", $"the reason is longer than {MaxReasonLength} characters")
        : null;

    private static ConfigError? CheckWeight(NlbWeightSet set, NlbConfig nlb) =>
        string.IsNullOrEmpty(set.Rule) ? Problem("rule", "'rule' is required")
        : nlb.FindRule(set.Rule) is null ? Problem("rule", $"'{YamlText.Quote(set.Rule)}' is not a port rule (rules: {string.Join(", ", nlb.Rules.Select(r => r.Name))})")
        : set.Weight is < 0 or > 100 ? Problem("weight", $"weight {set.Weight} is out of range; expected a whole number 0..100")
        : null;

    private static ConfigError Problem(string path, string message) => new(path, null, null, message);
}
