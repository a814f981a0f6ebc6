using System.CommandLine;
using Understudy.Cli.Commands;

var root = new RootCommand("Understudy: high-availability clustering for hosts and virtual machines")
{
    UpCommand.Create(),
    StatusCommand.Create(),
    ValidateCommand.Create(),
    NodeRunCommand.Create(),
    NlbCommand.Create(),
    AgentCommand.Create(),
    RoleCommand.Create(),
    Understudy.Cli.Lab.LabCommand.Create(),
    WitnessCommand.Create(),
    EventsCommand.Create(),
    MaintenanceCommand.Create(),
    TokenCommand.Create(),
    GuardCommand.Create(),
    VmCommand.Create(),
    Understudy.Cli.Scenario.ScenarioCommand.Create(),
    ExampleCommand.Create(),
    CompletionCommand.Create(),
    InitCommand.Create(),
    BackupCommand.Create(),
    RestoreCommand.Create(),
};

var parse = root.Parse(args);

// Tables written to a pipe or a file are not wrapped at the 80 columns Spectre assumes without a
// terminal: a log or a script keeps each row on one line, and an API URL whole.
if (Console.IsOutputRedirected)
{
    Spectre.Console.AnsiConsole.Profile.Width = CliOutput.RedirectedWidth;
}
if (await Understudy.Cli.Lab.LabRedirect.TryRunInsideAsync(parse, args) is { } inside)
{
    return inside;
}

// A command line that does not parse gets its errors and help, and exit code 2 (docs/operations.md
// "Exit codes"), not System.CommandLine's 1, which means "failed" here.
if (parse.Action is System.CommandLine.Invocation.ParseErrorAction)
{
    await parse.InvokeAsync();
    return CliExit.BadInput;
}

return await parse.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = TerminationTimeout(parse.CommandResult.Command) });

// System.CommandLine answers SIGTERM by cancelling the command and ending the process 2 s later.
// The guard handles SIGTERM itself (its workload gets the whole stop grace, and the lease still
// bounds it), and so does a node (the host's graceful shutdown, up to 10 s): for them it must not
// step in. `up` waits for its nodes' shutdown.
static TimeSpan? TerminationTimeout(Command command) => command.Name switch
{
    GuardCommand.Name => null,
    NodeRunCommand.Name when command.Parents.OfType<Command>().Any(p => p.Name is "node" or WitnessCommand.Name) => null,
    UpCommand.Name => TimeSpan.FromSeconds(30),
    _ => TimeSpan.FromSeconds(2),
};
