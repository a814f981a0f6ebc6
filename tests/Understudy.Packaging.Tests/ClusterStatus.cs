using System.Text.Json;

namespace Understudy.Packaging.Tests;

/// <summary>What the deploy test reads of <c>understudy status --json</c> (docs/status-json.md),
/// read as any tool would: from the printed JSON, with no reference to the project.</summary>
internal sealed record ClusterStatus(string AnsweredBy, string? Leader, bool Quorum, long Version, ClusterStatus.Node[] Nodes, ClusterStatus.Role[] Roles)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static ClusterStatus Parse(string json) => JsonSerializer.Deserialize<ClusterStatus>(json, Json)!;

    public Node Of(string name) => Nodes.Single(n => n.Name == name);

    public Role? RoleNamed(string name) => Roles.SingleOrDefault(r => r.Name == name);

    public bool AllUp => Quorum && Leader is not null && Nodes.All(n => n.State == "Up");

    public override string ToString() => JsonSerializer.Serialize(this, Json);

    internal sealed record Node(string Name, string State, int? Pid, string? Reason, DateTimeOffset? QuarantinedUntil);

    internal sealed record Role(string Name, string State, string? Owner);
}
