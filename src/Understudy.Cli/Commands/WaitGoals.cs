using Understudy.Node.Api;

namespace Understudy.Cli.Commands;

/// <summary>The goals of the change commands' <c>--wait</c> (docs/operations.md "Waiting for a change").</summary>
internal static class WaitGoals
{
    /// <summary><c>role move NAME [--to NODE]</c>: Online on <paramref name="to"/>, or, without one, on any node but <paramref name="from"/>.</summary>
    public static WaitGoal RoleMoved(string name, string? to, string? from) => new(
        to is null ? $"role {name} Online on a node other than {from ?? "its owner"}" : $"role {name} Online on {to}",
        s => Role(s, name) switch
        {
            null => $"role {name} is gone",
            { State: "Online", Owner: { } owner } when (to is null ? owner != from : owner == to) => null,
            var r => $"role {name} is {r.State} on {r.Owner ?? "no node"}",
        });

    /// <summary><c>role start NAME</c> and <c>role add</c>: Online (a clone role: every instance Online).</summary>
    public static WaitGoal RoleOnline(string name) => new(
        $"role {name} Online",
        s => Role(s, name) switch
        {
            null => $"role {name} is not defined yet",
            { Instances: { } instances } when !instances.IsEmpty && instances.All(i => i.State == "Online") => null,
            { Instances: { } instances } => $"role {name}: {(instances.IsEmpty ? "no instance" : string.Join(", ", instances.Select(i => $"{i.Node} {i.State}")))}",
            { State: "Online" } => null,
            var r => $"role {name} is {r.State} on {r.Owner ?? "no node"}",
        });

    /// <summary><c>role stop NAME</c>: Offline with no owner (a clone role: no instance left running).</summary>
    public static WaitGoal RoleStopped(string name) => new(
        $"role {name} stopped",
        s => Role(s, name) switch
        {
            null => $"role {name} is gone",
            { Instances: { } instances } when instances.All(i => i.State is "Offline" or "Failed") => null,
            { Instances: { } instances } => $"role {name}: {string.Join(", ", instances.Select(i => $"{i.Node} {i.State}"))}",
            { Owner: null, State: "Offline" or "Failed" } => null,
            var r => $"role {name} is {r.State} on {r.Owner ?? "no node"}",
        });

    /// <summary><c>role remove NAME</c>: gone from the database.</summary>
    public static WaitGoal RoleRemoved(string name) => new(
        $"role {name} removed",
        s => Role(s, name) is { } r ? $"role {name} is still {r.State}" : null);

    /// <summary><c>node pause NAME</c>: Paused, and no failover role still on it.</summary>
    public static WaitGoal NodePaused(string name) => new(
        $"node {name} Paused with its roles moved off",
        s => Node(s, name) switch
        {
            null => $"node {name} is not in the status",
            { State: not "Paused" } n => $"node {name} is {n.State}",
            _ when s.Roles.Where(r => !r.IsClone && r.Owner == name).Select(r => r.Name).ToArray() is { Length: > 0 } left => $"still on {name}: {string.Join(", ", left)}",
            _ => null,
        });

    /// <summary><c>node resume NAME</c>: Up again.</summary>
    public static WaitGoal NodeUp(string name) => new(
        $"node {name} Up",
        s => Node(s, name) switch
        {
            null => $"node {name} is not in the status",
            { State: "Up" } => null,
            var n => $"node {name} is {n.State}",
        });

    /// <summary><c>maintenance on|off</c>: the answering node's database says so.</summary>
    public static WaitGoal Maintenance(bool on) => new(
        $"maintenance {(on ? "on" : "off")}",
        s => s.Maintenance == on ? null : $"maintenance is still {(s.Maintenance ? "on" : "off")}");

    /// <summary><c>nlb OPERATION NODE</c>: the member's state the operation leads to; drainstop waits until the drain is over (Stopped).</summary>
    public static WaitGoal NlbMember(string member, string operation)
    {
        var want = operation switch
        {
            "start" => "Started",
            "resume" => "Stopped", // a suspended member resumes stopped (docs/nlb.md); start it next
            "stop" or "drainstop" => "Stopped",
            "suspend" => "Suspended",
            _ => throw new ArgumentOutOfRangeException(nameof(operation), operation, "not an NLB operation"),
        };
        return new(
            $"NLB member {member} {want}",
            s => s.Nlb?.Members.FirstOrDefault(m => m.Name == member) switch
            {
                null => $"{member} is not an NLB member in the status",
                { State: var state } when state == want => null,
                var m => $"NLB member {member} is {m.State}{(m.Connections > 0 ? $" with {m.Connections} connections" : "")}",
            });
    }

    /// <summary><c>nlb weight NODE RULE W</c>: the member's weight for the rule.</summary>
    public static WaitGoal NlbWeight(string member, string rule, int weight) => new(
        $"NLB member {member} weight {weight} on {rule}",
        s => s.Nlb?.Members.FirstOrDefault(m => m.Name == member) is { } m && m.Weight.TryGetValue(rule, out var w)
            ? w == weight ? null : $"weight of {member} on {rule} is {w}"
            : $"{member} has no weight on {rule} in the status");

    private static RoleDocument? Role(StatusDocument status, string name) => status.Roles.FirstOrDefault(r => r.Name == name);

    private static NodeDocument? Node(StatusDocument status, string name) => status.Nodes.FirstOrDefault(n => n.Name == name);
}
