using System.Collections.Immutable;
using System.Text.Encodings.Web;
using System.Text.Json;
using Understudy.Core.Config;
using Understudy.Core.Failover;
using Understudy.Node.Api;

namespace Understudy.Cli.Commands;

/// <summary>
/// The <c>--json</c> outputs of the CLI (docs/operations.md "Scripting"): the same field names
/// and conventions as the status contract (camelCase, nulls written out), so one parser reads
/// them all. Each is tested against a golden document.
/// </summary>
internal static class CliJson
{
    /// <summary>Indented, and quotes written as they are: this goes to a terminal or a script,
    /// not into HTML, so the web encoder's <c>\u0027</c> for <c>'</c> would only hinder reading.</summary>
    private static readonly JsonSerializerOptions Document = new(StatusJson.Options) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>One object per line, for streams (<c>events --json --follow</c>).</summary>
    private static readonly JsonSerializerOptions Line = new(Document) { WriteIndented = false };

    /// <summary><c>role list --json</c>: the status document's <c>roles</c> array.</summary>
    public static string Roles(ImmutableArray<RoleDocument> roles) => JsonSerializer.Serialize(roles, Document);

    /// <summary><c>events --json</c>: one event, on one line.</summary>
    public static string Event(ClusterEvent e) => JsonSerializer.Serialize(e, Line);

    /// <summary><c>validate --json</c> of a valid file.</summary>
    public static string Valid(string path, ClusterConfig config) => JsonSerializer.Serialize(
        new ValidationDocument(path, true, config.Name, config.Nodes.Length, config.Roles.Length, config.Nlb?.Rules.Length ?? 0, []),
        Document);

    /// <summary><c>validate --json</c> of a file with problems: every one, with its place.</summary>
    public static string Invalid(string path, IEnumerable<ConfigError> errors) => JsonSerializer.Serialize(
        new ValidationDocument(path, false, null, null, null, null, [.. errors.Select(e => new ProblemDocument(e.Line, e.Column, e.Path, e.Message))]),
        Document);

    /// <summary>A change command's <c>--json</c>: what was committed, and what <c>--wait</c> saw.</summary>
    public static string Change(string change, ChangeOutcome outcome, ClusterChange.WaitResult? waited) => JsonSerializer.Serialize(
        new ChangeDocument(outcome.Code == 0, change, outcome.Code, outcome.Leader, outcome.Version, outcome.Error, waited),
        Document);

    /// <summary><c>role show NAME --json</c>: the role's entry of the status document.</summary>
    public static string Role(RoleDocument role) => JsonSerializer.Serialize(role, Document);

    /// <summary><c>node list --json</c>: the status document's <c>nodes</c> array.</summary>
    public static string Nodes(ImmutableArray<NodeDocument> nodes) => JsonSerializer.Serialize(nodes, Document);

    /// <summary>Any document, indented as the others.</summary>
    public static string Indented<T>(T value) => JsonSerializer.Serialize(value, Document);

    /// <summary>Any document, on one line (for <c>--watch --json</c> streams).</summary>
    public static string OneLine<T>(T value) => JsonSerializer.Serialize(value, Line);

    /// <summary>The answer of a change command's <c>--json</c>; <c>exitCode</c> is the command's (docs/operations.md "Exit codes").</summary>
    private sealed record ChangeDocument(bool Ok, string Change, int ExitCode, string? Leader, long? Version, string? Error, ClusterChange.WaitResult? Wait);

    /// <summary>The answer of <c>validate --json</c>.</summary>
    private sealed record ValidationDocument(string File, bool Valid, string? Cluster, int? Nodes, int? Roles, int? NlbRules, ImmutableArray<ProblemDocument> Errors);

    /// <summary>One problem: 1-based line and column (null when the problem has no position), the setting's path, the message.</summary>
    private sealed record ProblemDocument(int? Line, int? Column, string Path, string Message);
}
