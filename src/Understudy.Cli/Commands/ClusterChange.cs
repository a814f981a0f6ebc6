using System.CommandLine;

namespace Understudy.Cli.Commands;

/// <summary>Runs one state-changing API call for a command: resolves the cluster and token, sends it to the leader.</summary>
internal static class ClusterChange
{
    public static async Task<int> SendAsync(ClusterTarget target, ParseResult parse, HttpMethod method, string path, Func<HttpContent?> content, string done, CancellationToken cancel)
    {
        var (urls, config) = target.Resolve(parse);
        if (urls is null)
        {
            return ClusterFileInput.InvalidInput;
        }

        var token = ClusterApiToken.Resolve(parse.GetValue(target.Token), config, Console.Error);
        if (token is null)
        {
            return ClusterFileInput.InvalidInput;
        }

        using var client = new ClusterApiClient(urls, token);
        var code = await client.SendAsync(method, path, content, cancel);
        if (code == 0)
        {
            Console.Out.WriteLine(done);
        }

        return code;
    }
}
