using YamlDotNet.RepresentationModel;

namespace Understudy.Core.Config;

/// <summary>Reads the optional <c>roles:</c> section: a list of failover roles (docs/cluster-file.md).</summary>
internal static class RolesSectionReader
{
    public static void Read(YamlNode value, string path, ClusterFileDraft draft, ConfigErrorList errors)
    {
        if (YamlText.IsNull(value))
        {
            return;
        }

        if (value is not YamlSequenceNode list)
        {
            errors.Add(path, value, $"expected a list of roles; found {YamlText.Describe(value)}");
            return;
        }

        var nodes = draft.Nodes?.Select(n => n.Name).ToHashSet(StringComparer.Ordinal);
        var roles = new List<Failover.RoleDefinition>();
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var vms = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < list.Children.Count; i++)
        {
            var at = $"{path}[{i}]";
            if (RoleReader.Read(list.Children[i], at, draft.BaseDirectory, nodes, errors) is { } role)
            {
                if (!names.Add(role.Name))
                {
                    errors.Add($"{at}.name", list.Children[i], $"role '{YamlText.Quote(role.Name)}' is declared twice");
                }

                // A VM is found by its name (understudy vm, GET /api/vms) and a process VM's address
                // is derived from it: two VMs of one name would be one VM.
                foreach (var vm in role.Resources.Where(r => r.Vm is not null).Where(r => !vms.Add(r.Vm!.Settings.Name)))
                {
                    errors.Add($"{at}.resources", list.Children[i], $"VM '{YamlText.Quote(vm.Vm!.Settings.Name)}' is declared by another role too; VM names are unique in the cluster");
                }

                roles.Add(role);
            }
        }

        draft.Roles = [.. roles];
    }
}
