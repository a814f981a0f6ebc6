using System.CommandLine;
using System.Security.Cryptography;
using System.Text;

namespace Understudy.Cli.Commands;

/// <summary>
/// <c>understudy init --name NAME --node a=10.0.0.1 --node b=10.0.0.2 … [-o FILE]</c>: writes a
/// cluster file for real machines and, beside it, a freshly generated key in a key file of mode
/// 0600 that the file names (<c>keyFile:</c>), then checks the result as <c>validate</c> does.
/// </summary>
internal static class InitCommand
{
    /// <summary>Random bytes in a generated key: 256 bits, the size of the HMAC keys derived from it.</summary>
    private const int KeyBytes = 32;

    public static Command Create()
    {
        var name = new Option<string>("--name") { Description = "Cluster name (nodes only talk to peers of the same name and key)", Required = true };
        var nodes = new Option<string[]>("--node")
        {
            Description = "A node as NAME=ADDRESS (repeat for each; three or five voters keep a quorum through one or two failures)",
            Required = true,
            AllowMultipleArgumentsPerToken = false,
        };
        var output = new Option<string>("--output", "-o") { Description = "Cluster file to write (default ./cluster.yaml); the key goes to cluster.key beside it", DefaultValueFactory = _ => "cluster.yaml" };
        var force = new Option<bool>("--force") { Description = "Replace the cluster file and key file if they exist" };
        var command = new Command("init", "Write a cluster file for real machines, with a generated key in a key file of mode 0600") { name, nodes, output, force };
        command.SetAction(parse =>
        {
            var path = Path.GetFullPath(parse.GetValue(output)!);
            var keyPath = Path.Combine(Path.GetDirectoryName(path)!, Path.GetFileNameWithoutExtension(path) + ".key");
            if (!parse.GetValue(force) && (File.Exists(path) || File.Exists(keyPath)))
            {
                Console.Error.WriteLine($"{(File.Exists(path) ? path : keyPath)} exists; give --force to replace it (a new key means every node needs the new files)");
                return CliExit.BadInput;
            }

            var pairs = new List<(string Name, string Address)>();
            foreach (var node in parse.GetValue(nodes)!)
            {
                var at = node.IndexOf('=', StringComparison.Ordinal);
                if (at <= 0 || at == node.Length - 1)
                {
                    Console.Error.WriteLine($"--node: '{node}' is not NAME=ADDRESS (e.g. --node alpha=10.0.0.11)");
                    return CliExit.BadInput;
                }

                pairs.Add((node[..at], node[(at + 1)..]));
            }

            try
            {
                var dir = Path.GetDirectoryName(path)!;
                var yaml = Yaml(parse.GetValue(name)!, Path.GetFileName(keyPath), pairs);
                // Check before writing anything: the same parser node run uses, every problem at once.
                var check = Understudy.Core.Config.ClusterFileParser.Parse(yaml, path, dir);
                if (check.Config is null)
                {
                    Console.Error.WriteLine($"{path}: the cluster file would not be valid ({check.Errors.Length} problem{(check.Errors.Length == 1 ? "" : "s")}):");
                    foreach (var problem in check.Errors)
                    {
                        Console.Error.WriteLine($"  {problem}");
                    }

                    return CliExit.BadInput;
                }

                WriteKey(keyPath);
                File.WriteAllText(path, yaml);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"{path}: {e.Message}");
                return CliExit.BadInput;
            }

            Console.Out.WriteLine($"wrote {path} ({pairs.Count} node{(pairs.Count == 1 ? "" : "s")}) and its key {keyPath} (mode 0600)");
            Console.Out.WriteLine($"copy both to /etc/understudy/ on every node, then: understudy node run --node NAME (docs/deploy.md)");
            return CliExit.Ok;
        });
        return command;
    }

    private static string Yaml(string cluster, string keyFile, IReadOnlyList<(string Name, string Address)> nodes)
    {
        var yaml = new StringBuilder()
            .AppendLine("# Written by understudy init. Format and every key: docs/cluster-file.md.")
            .AppendLine("cluster:")
            .AppendLine($"  name: {cluster}")
            .AppendLine("  # The key is in this file, beside the cluster file; keep it out of version control.")
            .AppendLine($"  keyFile: {keyFile}")
            .AppendLine("nodes:");
        foreach (var (name, address) in nodes)
        {
            yaml.AppendLine($"  - name: {name}").AppendLine($"    address: {address}");
        }

        return yaml.ToString();
    }

    private static void WriteKey(string path)
    {
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(KeyBytes)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        if (OperatingSystem.IsWindows())
        {
            File.WriteAllText(path, key + "\n");
            return;
        }

        const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var file = new FileStream(path, new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, UnixCreateMode = OwnerOnly }))
        {
            file.Write(Encoding.ASCII.GetBytes(key + "\n"));
        }

        File.SetUnixFileMode(path, OwnerOnly);
    }
}
