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
    EventsCommand.Create(),
    MaintenanceCommand.Create(),
    GuardCommand.Create(),
    VmCommand.Create(),
    Understudy.Cli.Scenario.ScenarioCommand.Create(),
    ExampleCommand.Create(),
};

return await root.Parse(args).InvokeAsync();
