using System.Collections.Immutable;
using System.Globalization;
using Understudy.Core.Failover;
using YamlDotNet.RepresentationModel;

namespace Understudy.Core.Config;

/// <summary>Reads one role (an entry of <c>roles:</c>, or a role file for <c>understudy role add</c>).</summary>
internal static class RoleReader
{
    private static ImmutableArray<string> Keys { get; } =
        ["name", "resources", "preferredOwners", "possibleOwners", "antiAffinity", "priority", "failback", "restart", "failover", "clone"];

    private static ImmutableArray<string> RestartKeys { get; } = ["maxRestarts", "window"];

    private static ImmutableArray<string> FailoverKeys { get; } = ["maxFailovers", "window"];

    /// <summary>The role, or null after reporting every problem.</summary>
    /// <param name="value">The role's mapping.</param>
    /// <param name="path">Its path, e.g. <c>roles[0]</c>.</param>
    /// <param name="baseDirectory">Relative working directories resolve against it.</param>
    /// <param name="nodes">Node names that owner lists may name, or null if unknown.</param>
    /// <param name="errors">Where problems go.</param>
    public static RoleDefinition? Read(YamlNode value, string path, string baseDirectory, IReadOnlySet<string>? nodes, ConfigErrorList errors)
    {
        if (MappingReader.Open(value, path, Keys, errors) is not { } role)
        {
            return null;
        }

        var ok = true;
        var name = role.Required("name") is { } nameAt ? Names.Read(nameAt, role.PathOf("name"), "role", errors) : null;
        var resources = role.Required("resources") is { } resAt ? ResourceReader.ReadAll(resAt, role.PathOf("resources"), baseDirectory, errors) : null;
        var definition = new RoleDefinition { Name = name ?? "", Resources = resources ?? [] };
        if (role.Optional("preferredOwners") is { } pref)
        {
            ok &= Owners(pref, role.PathOf("preferredOwners"), nodes, errors) is { } list && Set(ref definition, definition with { PreferredOwners = list });
        }

        if (role.Optional("possibleOwners") is { } poss)
        {
            ok &= Owners(poss, role.PathOf("possibleOwners"), nodes, errors) is { } list && Set(ref definition, definition with { PossibleOwners = list });
        }

        if (role.Optional("antiAffinity") is { } anti)
        {
            ok &= StringListReader.Read(anti, role.PathOf("antiAffinity"), errors) is { } list && Set(ref definition, definition with { AntiAffinity = list });
        }

        if (role.Optional("priority") is { } prio)
        {
            ok &= Priority(prio, role.PathOf("priority"), errors) is { } p && Set(ref definition, definition with { Priority = p });
        }

        if (role.Optional("failback") is { } back)
        {
            ok &= Failback(back, role.PathOf("failback"), errors) is { } f && Set(ref definition, definition with { Failback = f });
        }

        if (role.Optional("restart") is { } restart)
        {
            ok &= Restart(restart, role.PathOf("restart"), errors) is { } r && Set(ref definition, definition with { Restart = r });
        }

        if (role.Optional("failover") is { } failover)
        {
            ok &= Failover(failover, role.PathOf("failover"), errors) is { } f && Set(ref definition, definition with { Failover = f });
        }

        if (role.Optional("clone") is { } clone)
        {
            ok &= ScalarReader.Boolean(clone, role.PathOf("clone"), errors) is { } c && Set(ref definition, definition with { IsClone = c });
        }

        return ok && name is not null && resources is not null ? definition : null;
    }

    private static ImmutableArray<string>? Owners(YamlNode node, string path, IReadOnlySet<string>? nodes, ConfigErrorList errors)
    {
        if (StringListReader.Read(node, path, errors) is not { } list)
        {
            return null;
        }

        var unknown = nodes is null ? [] : list.Where(n => !nodes.Contains(n)).ToList();
        foreach (var name in unknown)
        {
            errors.Add(path, node, $"'{YamlText.Quote(name)}' is not a node of this cluster; nodes are: {string.Join(", ", nodes!.Order(StringComparer.Ordinal))}");
        }

        return unknown.Count == 0 ? list : null;
    }

    private static StartPriority? Priority(YamlNode node, string path, ConfigErrorList errors)
    {
        switch (ScalarReader.Text(node, path, errors))
        {
            case null:
                return null;
            case "high":
                return StartPriority.High;
            case "medium":
                return StartPriority.Medium;
            case "low":
                return StartPriority.Low;
            case "noAutoStart":
                return StartPriority.NoAutoStart;
            case var text:
                errors.Add(path, node, $"'{YamlText.Quote(text)}' is not a priority; expected one of: high, medium, low, noAutoStart");
                return null;
        }
    }

    private static FailbackPolicy? Failback(YamlNode node, string path, ConfigErrorList errors)
    {
        switch (ScalarReader.Text(node, path, errors))
        {
            case null:
                return null;
            case "prevent":
                return FailbackPolicy.Prevent;
            case "immediate":
                return FailbackPolicy.Immediate;
            case var text:
                var parts = text.Split('-');
                if (parts.Length == 2 && TryTime(parts[0], out var start) && TryTime(parts[1], out var end) && start != end)
                {
                    return FailbackPolicy.Window(start, end);
                }

                errors.Add(path, node, $"'{YamlText.Quote(text)}' is not a failback policy; expected prevent, immediate or a UTC window such as 22:00-06:00");
                return null;
        }
    }

    private static bool TryTime(string text, out TimeSpan time) =>
        TimeSpan.TryParseExact(text.Trim(), @"hh\:mm", CultureInfo.InvariantCulture, out time) && time < TimeSpan.FromDays(1);

    private static RestartPolicy? Restart(YamlNode node, string path, ConfigErrorList errors)
    {
        if (MappingReader.Open(node, path, RestartKeys, errors) is not { } section)
        {
            return null;
        }

        var policy = RestartPolicy.Default;
        var ok = true;
        if (section.Optional("maxRestarts") is { } max)
        {
            ok &= ScalarReader.Integer(max, section.PathOf("maxRestarts"), 0, 1000, errors) is { } m && Set(ref policy, policy with { MaxRestarts = m });
        }

        if (section.Optional("window") is { } window)
        {
            ok &= ScalarReader.Duration(window, section.PathOf("window"), TimeSpan.FromSeconds(1), TimeSpan.FromDays(7), errors) is { } w && Set(ref policy, policy with { Window = w });
        }

        return ok ? policy : null;
    }

    private static FailoverPolicy? Failover(YamlNode node, string path, ConfigErrorList errors)
    {
        if (MappingReader.Open(node, path, FailoverKeys, errors) is not { } section)
        {
            return null;
        }

        var policy = FailoverPolicy.Default;
        var ok = true;
        if (section.Optional("maxFailovers") is { } max)
        {
            ok &= ScalarReader.Integer(max, section.PathOf("maxFailovers"), 0, 100_000, errors) is { } m && Set(ref policy, policy with { MaxFailovers = m });
        }

        if (section.Optional("window") is { } window)
        {
            ok &= ScalarReader.Duration(window, section.PathOf("window"), TimeSpan.FromMinutes(1), TimeSpan.FromDays(30), errors) is { } w && Set(ref policy, policy with { Window = w });
        }

        return ok ? policy : null;
    }

    private static bool Set<T>(ref T target, T value)
    {
        target = value;
        return true;
    }
}
