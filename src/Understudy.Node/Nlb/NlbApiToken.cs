namespace Understudy.Node.Nlb;

/// <summary>The cluster's API token, for calls one node makes to another (docs/api.md).</summary>
internal sealed record NlbApiToken(string Value)
{
    /// <summary>Never print the token.</summary>
    public override string ToString() => "NlbApiToken(***)";
}
