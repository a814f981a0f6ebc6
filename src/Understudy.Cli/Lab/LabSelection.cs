using System.CommandLine;
using Understudy.Cli.Commands;

namespace Understudy.Cli.Lab;

/// <summary>Which lab a <c>lab</c> command acts on: <c>--lab NAME</c>, the lab of <c>-f FILE</c>'s
/// cluster, or the only one that is up.</summary>
internal sealed class LabSelection
{
    public Option<string?> Lab { get; } = new("--lab") { Description = "The lab's name (its cluster's name); default: the only lab that is up" };

    public Option<string?> File { get; } = new("--file", "-f") { Description = "Cluster file whose lab to use" };

    public void AddTo(Command command)
    {
        command.Options.Add(Lab);
        command.Options.Add(File);
    }

    /// <summary>The lab's name as asked for, or null when none was named.</summary>
    public string? Name(ParseResult parse, out string? error)
    {
        error = null;
        if (parse.GetValue(Lab) is { } name)
        {
            return name;
        }

        if (parse.GetValue(File) is { } file)
        {
            var config = ClusterFileInput.Load(file, Console.Error);
            error = config is null ? $"{file}: cannot tell which lab it is" : null;
            return config?.Name;
        }

        return null;
    }

    /// <summary>The running lab chosen, or null with the reason in <paramref name="error"/>.</summary>
    public LabState? Running(ParseResult parse, out string? error)
    {
        var name = Name(parse, out error);
        if (error is not null)
        {
            return null;
        }

        if (name is not null)
        {
            var state = LabState.Find(name);
            error = state is { OwnerAlive: true } ? null : $"lab '{name}' is not up; start it with understudy up --hosts -f FILE";
            return error is null ? state : null;
        }

        var up = LabState.All().Where(s => s.OwnerAlive).ToList();
        error = up.Count switch
        {
            1 => null,
            0 => "no host lab is up; start one with understudy up --hosts -f FILE",
            _ => $"{up.Count} labs are up ({string.Join(", ", up.Select(s => s.Name))}); choose one with --lab NAME",
        };
        return error is null ? up[0] : null;
    }
}
