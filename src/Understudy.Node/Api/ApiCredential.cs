namespace Understudy.Node.Api;

/// <summary>This node's copy of the cluster's API token, for calls to other nodes. Never logged.</summary>
internal sealed class ApiCredential(string token)
{
    public string Token { get; } = token;

    /// <summary>Adds the token to a call to another node (<c>Authorization: Bearer TOKEN</c>).</summary>
    public void Authorize(HttpRequestMessage request)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Token);
    }

    public override string ToString() => "ApiCredential(***)";
}
