using System.Net.Http.Json;
using Understudy.Node.Api;

namespace Understudy.Cli.Commands;

/// <summary>Reads <c>/api/status</c> from a node.</summary>
/// <param name="trust">Which certificates to accept on https:// (<see cref="ApiTrust"/>).</param>
/// <param name="handler">How to connect (default: from this process's network namespace).</param>
internal sealed class StatusClient(ApiTrust trust, SocketsHttpHandler? handler = null) : IDisposable
{
    private readonly HttpClient _http = new(trust.Handler(handler)) { Timeout = TimeSpan.FromSeconds(2) };

    /// <summary>Why the last call got no status, when it is worth saying (a certificate refused), else null.</summary>
    public string? LastFailure { get; private set; }

    /// <summary>" (why)" after a "no node answered" line, or "".</summary>
    public string Why => LastFailure is null ? "" : $" ({LastFailure})";

    /// <summary>The node's status, or null if it does not answer.</summary>
    public async Task<StatusDocument?> TryGetAsync(string apiUrl, CancellationToken token)
    {
        try
        {
            return await _http.GetFromJsonAsync<StatusDocument>($"{apiUrl.TrimEnd('/')}/api/status", StatusJson.Options, token);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException && !token.IsCancellationRequested)
        {
            if (e.InnerException is System.Security.Authentication.AuthenticationException)
            {
                LastFailure = $"{apiUrl}: its certificate is not the cluster's, or nothing here can check it: give -f CLUSTER-FILE with a key this user can read, or {ApiTrust.PinVariable} (understudy token --api-pin prints it)";
            }

            return null;
        }
    }

    public void Dispose() => _http.Dispose();
}
