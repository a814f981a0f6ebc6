using System.Collections.Immutable;
using Understudy.Core.Config;
using Understudy.Core.Vms;

namespace Understudy.Node.Config;

/// <summary>
/// Reads the domain XML files that libvirt VMs name (<c>domainXml: FILE</c>) into their settings,
/// so that the role definition the cluster database keeps carries the XML itself. A file larger
/// than <see cref="VmSettingsRules.MaxDomainXmlLength"/> is refused before it is read.
/// </summary>
internal static class DomainXmlFiles
{
    public static ClusterFileResult Resolve(ClusterFileResult result)
    {
        if (!result.IsValid)
        {
            return result;
        }

        var errors = ImmutableArray.CreateBuilder<ConfigError>();
        var roles = result.Config!.Roles.Select(role => role with
        {
            Resources = [.. role.Resources.Select(resource =>
                resource.Vm is { Settings.DomainXmlFile: { } file } vm && vm.Settings.DomainXml is null
                    ? resource with { Vm = vm with { Settings = vm.Settings with { DomainXml = Read(file, $"roles.{role.Name}.resources.{resource.Name}.domainXml", errors) } } }
                    : resource)],
        }).ToImmutableArray();
        return errors.Count > 0 ? new ClusterFileResult(null, errors.ToImmutable()) : result with { Config = result.Config with { Roles = roles } };
    }

    private static string? Read(string file, string where, ImmutableArray<ConfigError>.Builder errors)
    {
        try
        {
            var length = new FileInfo(file).Length;
            if (length > VmSettingsRules.MaxDomainXmlLength)
            {
                errors.Add(new ConfigError(where, null, null, $"{file} has {length} bytes; a domain XML may have at most {VmSettingsRules.MaxDomainXmlLength}"));
                return null;
            }

            return File.ReadAllText(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            errors.Add(new ConfigError(where, null, null, $"cannot read the domain XML {file}: {e.Message} (understudy vm import DOMAIN -o FILE writes it)"));
            return null;
        }
    }
}
