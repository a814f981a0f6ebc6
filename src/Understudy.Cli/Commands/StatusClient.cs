using System.Net.Http.Json;
using Understudy.Node.Api;

namespace Understudy.Cli.Commands;

/// <summary>Reads <c>/api/status</c> from a node.</summary>
/// <param name="handler">How to connect (default: from this process's network namespace).</param>
internal sealed class StatusClient(HttpMessageHandler? handler = null) : IDisposable
{
    private readonly HttpClient _http = new(handler ?? new SocketsHttpHandler()) { Timeout = TimeSpan.FromSeconds(2) };

    /// <summary>The node's status, or null if it does not answer.</summary>
    public async Task<StatusDocument?> TryGetAsync(string apiUrl, CancellationToken token)
    {
        try
        {
            return await _http.GetFromJsonAsync<StatusDocument>($"{apiUrl.TrimEnd('/')}/api/status", StatusJson.Options, token);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException && !token.IsCancellationRequested)
        {
            return null;
        }
    }

    public void Dispose() => _http.Dispose();
}
