namespace Understudy.Node.Api;

/// <summary>This node's copy of the cluster's API token, for calls to other nodes. Never logged.</summary>
internal sealed class ApiCredential(string token)
{
    public string Token { get; } = token;

    public override string ToString() => "ApiCredential(***)";
}
