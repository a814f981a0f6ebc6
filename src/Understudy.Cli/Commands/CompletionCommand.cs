using System.CommandLine;

namespace Understudy.Cli.Commands;

/// <summary>
/// <c>understudy completion bash|zsh</c>: prints a completion script for the shell. The script
/// asks <c>understudy</c> itself through System.CommandLine's <c>[suggest:POSITION]</c> directive,
/// so it knows every command and option of this build, and role, node, member and rule names from
/// the cluster the line names (<see cref="ClusterNames"/>). Works offline; no dotnet-suggest.
/// </summary>
internal static class CompletionCommand
{
    private const string Bash = """
        # understudy completion for bash: eval "$(understudy completion bash)", or save it as
        # /etc/bash_completion.d/understudy
        _understudy_complete() {
            local IFS=$'\n'
            COMPREPLY=( $(command understudy "[suggest:${COMP_POINT}]" "${COMP_LINE}" 2>/dev/null) )
        }
        complete -o default -F _understudy_complete understudy
        """;

    private const string Zsh = """
        #compdef understudy
        # understudy completion for zsh: eval "$(understudy completion zsh)", or save it as
        # _understudy in a directory of $fpath
        _understudy() {
            local line="${(j: :)words[1,CURRENT]}"
            local -a suggestions
            suggestions=(${(f)"$(command understudy "[suggest:${#line}]" "$line" 2>/dev/null)"})
            compadd -- $suggestions
        }
        compdef _understudy understudy
        """;

    public static Command Create()
    {
        var shell = new Argument<string>("shell") { Description = "bash or zsh" };
        shell.AcceptOnlyFromAmong("bash", "zsh");
        var command = new Command("completion", "Print a shell completion script (bash or zsh) that completes commands, options and the cluster's names") { shell };
        command.SetAction(parse =>
        {
            Console.Out.WriteLine(parse.GetValue(shell) == "zsh" ? Zsh : Bash);
            return CliExit.Ok;
        });
        return command;
    }
}
