using System.CommandLine;
using Understudy.Node.Backup;

namespace Understudy.Cli.Commands;

/// <summary><c>understudy backup -o FILE</c>: a consistent snapshot of the cluster database, from
/// the leader (docs/operations.md "Backup and restore"). The file is mode 0600: it holds every
/// role's definition, environment included.</summary>
internal static class BackupCommand
{
    public static Command Create()
    {
        var output = new Option<string>("--output", "-o") { Description = "File to write the backup to (mode 0600; replaced if it exists)", Required = true };
        var json = new Option<bool>("--json") { Description = "Print what was written as JSON: {ok, file, cluster, version, roles}" };
        var target = new ClusterTarget();
        var command = new Command("backup", "Write a consistent snapshot of the cluster database, taken by the leader, to a file") { output, json };
        target.AddTo(command);
        command.SetAction(async (parse, cancel) =>
        {
            var (urls, config) = target.Resolve(parse);
            if (urls is null || ClusterApiToken.Resolve(parse.GetValue(target.Token), config, Console.Error) is not { } token)
            {
                return CliExit.BadInput;
            }

            using var client = new ClusterApiClient(urls, token, ApiTrust.For(config));
            var outcome = await client.SendAsync(HttpMethod.Get, "/api/backup", () => null, cancel);
            if (!outcome.Committed || outcome.Body is null)
            {
                Console.Error.WriteLine(outcome.Error);
                return outcome.Code;
            }

            var backup = BackupJson.Read(outcome.Body)!;
            var path = parse.GetValue(output)!;
            try
            {
                await using var file = CreatePrivate(path);
                await file.WriteAsync(System.Text.Encoding.UTF8.GetBytes(outcome.Body), cancel);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"{path}: {e.Message}");
                return CliExit.BadInput;
            }

            var roles = backup.Database.Roles.Count;
            Console.Out.WriteLine(parse.GetValue(json)
                ? CliJson.Indented(new { ok = true, file = path, cluster = backup.Cluster, version = backup.Database.Version, roles })
                : $"backup of cluster {backup.Cluster} at version {backup.Database.Version} ({roles} role{(roles == 1 ? "" : "s")}) written to {path}");
            return CliExit.Ok;
        });
        return command;
    }

    /// <summary>Creates or replaces <paramref name="path"/>, readable by its owner only.</summary>
    private static FileStream CreatePrivate(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return new FileStream(path, FileMode.Create, FileAccess.Write);
        }

        const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        var stream = new FileStream(path, new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, UnixCreateMode = OwnerOnly });
        // Replacing a file keeps its mode: make it 0600 either way.
        File.SetUnixFileMode(path, OwnerOnly);
        return stream;
    }
}
