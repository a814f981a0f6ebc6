using System.CommandLine;
using Understudy.Core.Security;
using Understudy.Node.Config;
using Understudy.Node.Security;

namespace Understudy.Cli.Commands;

/// <summary>
/// <c>understudy token [-f FILE] [--api-pin]</c>: prints the cluster's operator token for the
/// generation the cluster accepts now (or the pin of its API certificate), derived from the
/// file's key (docs/api.md "Tokens"), for the dashboard's actions or <c>UNDERSTUDY_TOKEN</c>. It
/// goes to stdout only, because someone asked for it; nothing else prints or logs it.
/// <c>understudy token rotate</c> moves the cluster to the next generation: every earlier
/// operator token is refused from then on, without a restart.
/// </summary>
internal static class TokenCommand
{
    public static Command Create()
    {
        var target = new ClusterTarget();
        var pin = new Option<bool>("--api-pin") { Description = $"Print the pin of the nodes' API certificate instead, for {ApiTrust.PinVariable} on a machine without the key" };
        var command = new Command("token", "Print the operator token that changes need (the dashboard asks for it)") { pin };
        command.Options.Add(target.Node);
        command.Options.Add(target.File);
        command.SetAction(async (parse, cancel) =>
        {
            var (urls, config) = target.Resolve(parse);
            if (urls is null || config is null)
            {
                Console.Error.WriteLine("the token is derived from the cluster file's key: give -f CLUSTER-FILE (with --node, the file gives the key and the node the generation)");
                return ClusterFileInput.InvalidInput;
            }

            var (secret, why) = ClusterFileLoader.ResolveKey(config.Key);
            if (secret is null)
            {
                Console.Error.WriteLine(why);
                return ClusterFileInput.InvalidInput;
            }

            var keys = ClusterKeys.Derive(secret, config.Name);
            if (parse.GetValue(pin))
            {
                using var identity = ApiIdentity.Derive(keys, config.Name);
                Console.Out.WriteLine(identity.Pin);
                return 0;
            }

            // Not --token or UNDERSTUDY_TOKEN: this command says what the file's key gives, for
            // the generation the cluster accepts now.
            using var status = new StatusClient(ApiTrust.For(config));
            var answer = await ClusterReader.FirstAsync(status, urls, cancel);
            if (answer is null)
            {
                Console.Error.WriteLine($"no node answered (tried {string.Join(", ", urls)}){status.Why}: this is the token of generation 0, the one before any rotation");
            }

            Console.Out.WriteLine(ApiToken.Operator(keys, answer?.TokenGeneration ?? 0));
            return 0;
        });
        command.Subcommands.Add(Rotate());
        return command;
    }

    private static Command Rotate()
    {
        var target = new ClusterTarget();
        var options = new ChangeOptions();
        var command = new Command("rotate", "Move the cluster to the next operator token: every earlier one is refused from then on");
        target.AddTo(command);
        options.AddTo(command);
        command.SetAction((parse, cancel) => ClusterChange.SendAsync(target, options, parse, new(
            HttpMethod.Post, "/api/token/rotate", () => null, "token rotate", "operator token rotated: earlier tokens are refused; understudy token prints the new one"), cancel));
        return command;
    }
}
