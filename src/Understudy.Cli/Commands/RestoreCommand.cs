using System.CommandLine;
using System.Text;
using System.Text.Json;
using Understudy.Core.Backup;
using Understudy.Node.Backup;

namespace Understudy.Cli.Commands;

/// <summary>
/// <c>understudy restore FILE</c>: puts a backup's roles back into a running cluster whose roles
/// are all stopped, such as one just started from wiped data directories (docs/operations.md
/// "Backup and restore"). The leader checks it again and commits it as one entry.
/// </summary>
internal static class RestoreCommand
{
    /// <summary>The largest backup file read: far above a database of 1000 roles, far below a mistake.</summary>
    private const long MaxBytes = 64L * 1024 * 1024;

    public static Command Create()
    {
        var file = new Argument<string>("FILE") { Description = "A file written by understudy backup" };
        var target = new ClusterTarget();
        var options = new ChangeOptions();
        var command = new Command("restore", "Restore the roles of a backup into a cluster whose roles are stopped; fencing tokens continue above the backup's") { file };
        target.AddTo(command);
        options.AddTo(command);
        command.SetAction(async (parse, cancel) =>
        {
            var path = parse.GetValue(file)!;
            var (backup, text) = await ReadAsync(path, cancel);
            if (backup is null)
            {
                return CliExit.BadInput;
            }

            var (_, config) = target.Resolve(parse, TextWriter.Null);
            if (config is not null && RestoreRules.Check(backup, config.Name, Core.Database.ClusterState.Empty) is { } problem)
            {
                Console.Error.WriteLine($"{path}: {problem}");
                return CliExit.Refused;
            }

            string[] running = [.. backup.Database.Roles.Values.Where(r => !r.Stopped).Select(r => r.Name)];
            return await ClusterChange.SendAsync(target, options, parse, new(
                HttpMethod.Post, "/api/restore", () => new StringContent(text, Encoding.UTF8, "application/json"),
                $"restore {path}", $"restored {backup.Database.Roles.Count} roles from {path} (version {backup.Database.Version} of {backup.Cluster})",
                _ => new WaitGoal(
                    "every restored role Online",
                    s => running.Select(name => WaitGoals.RoleOnline(name).Missing(s)).FirstOrDefault(m => m is not null))), cancel);
        });
        return command;
    }

    private static async Task<(BackupDocument? Backup, string Text)> ReadAsync(string path, CancellationToken cancel)
    {
        try
        {
            var info = new FileInfo(path);
            if (info.Exists && info.Length > MaxBytes)
            {
                Console.Error.WriteLine($"{path}: {info.Length} bytes is more than a backup can be ({MaxBytes})");
                return (null, "");
            }

            var text = await File.ReadAllTextAsync(path, cancel);
            return (BackupJson.Read(text), text);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"{path}: {e.Message}");
        }
        catch (JsonException e)
        {
            Console.Error.WriteLine($"{path}: not a backup written by understudy backup: {e.Message}");
        }

        return (null, "");
    }
}
