namespace Understudy.Node.Api;

/// <summary>Endpoint metadata: this call changes the cluster and needs the API token
/// (<see cref="ApiTokenFilter"/>).</summary>
internal sealed class ApiTokenRequired
{
    public static ApiTokenRequired Instance { get; } = new();
}
