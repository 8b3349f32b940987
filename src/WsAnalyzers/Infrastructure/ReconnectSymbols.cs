using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;

namespace WsAnalyzers.Infrastructure;

/// <summary>
/// The symbols the reconnect rules (WS0002, WS0005) need, resolved once per compilation and shared by both.
/// <see cref="TryGet"/> fails when the compilation has no <c>ClientWebSocket</c>.
/// </summary>
internal sealed class ReconnectSymbols
{
    private static readonly ConditionalWeakTable<Compilation, StrongBox<ReconnectSymbols?>> s_byCompilation = new();

    private ReconnectSymbols(Compilation compilation, WebSocketSymbols webSockets, INamedTypeSymbol clientWebSocket)
    {
        WebSockets = webSockets;
        ClientWebSocket = clientWebSocket;

        Task = compilation.GetCoreType("System.Threading.Tasks.Task");
        Thread = new KnownType(compilation, "System.Threading.Thread");
        ThreadingTimer = compilation.GetCoreType("System.Threading.Timer");
        TimersTimer = new KnownType(compilation, "System.Timers.Timer");
        PeriodicTimer = compilation.GetCoreType("System.Threading.PeriodicTimer");
        Random = compilation.GetCoreType("System.Random");
        RandomNumberGenerator = new KnownType(compilation, "System.Security.Cryptography.RandomNumberGenerator");
        ReconnectBackoff = WsResilienceNames.FindType(compilation, WsResilienceNames.ReconnectBackoff);

        var arithmetic = ImmutableHashSet.CreateBuilder<INamedTypeSymbol>(SymbolEqualityComparer.Default);
        foreach (var name in s_arithmeticTypeNames)
        {
            if (compilation.GetCoreType(name) is { } type)
            {
                arithmetic.Add(type);
            }
        }

        foreach (var special in s_arithmeticSpecialTypes)
        {
            arithmetic.Add(compilation.GetSpecialType(special));
        }

        ArithmeticTypes = arithmetic.ToImmutable();
    }

    private static readonly string[] s_arithmeticTypeNames =
    {
        "System.Math", "System.MathF", "System.TimeSpan", "System.Convert", "System.DateTime", "System.DateTimeOffset",
    };

    private static readonly SpecialType[] s_arithmeticSpecialTypes =
    {
        SpecialType.System_Int32, SpecialType.System_Int64, SpecialType.System_Double, SpecialType.System_Single,
        SpecialType.System_Decimal, SpecialType.System_UInt32, SpecialType.System_UInt64,
    };

    public WebSocketSymbols WebSockets { get; }

    public INamedTypeSymbol ClientWebSocket { get; }

    public INamedTypeSymbol? Task { get; }

    public KnownType Thread { get; }

    public INamedTypeSymbol? ThreadingTimer { get; }

    public KnownType TimersTimer { get; }

    public INamedTypeSymbol? PeriodicTimer { get; }

    public INamedTypeSymbol? Random { get; }

    public KnownType RandomNumberGenerator { get; }

    /// <summary>WsResilience's helper, when the project references it.</summary>
    public INamedTypeSymbol? ReconnectBackoff { get; }

    /// <summary>Types whose members compute a value from their inputs and the clock, never at random (Math, TimeSpan, DateTime, numbers).</summary>
    public ImmutableHashSet<INamedTypeSymbol> ArithmeticTypes { get; }

    public static bool TryGet(Compilation compilation, out ReconnectSymbols symbols)
    {
        if (!s_byCompilation.TryGetValue(compilation, out var known))
        {
            known = s_byCompilation.AddOrKeep(compilation, new StrongBox<ReconnectSymbols?>(Create(compilation)));
        }

        symbols = known.Value!;
        return known.Value is not null;
    }

    private static ReconnectSymbols? Create(Compilation compilation)
    {
        if (!WebSocketSymbols.TryGet(compilation, out var webSockets)
            || compilation.GetBestTypeByMetadataName("System.Net.WebSockets.ClientWebSocket") is not { } clientWebSocket)
        {
            return null;
        }

        return new ReconnectSymbols(compilation, webSockets, clientWebSocket);
    }

    public bool IsConnectAsync(IMethodSymbol method)
    {
        return method.Name == "ConnectAsync"
            && !method.IsStatic
            && method.ContainingType.IsOrDerivesFrom(ClientWebSocket);
    }

    /// <summary><c>Task.Delay</c> or <c>Thread.Sleep</c>: a wait whose length the first argument gives.</summary>
    public bool IsDelay(IMethodSymbol method)
    {
        return method.Name switch
        {
            "Delay" => SymbolEqualityComparer.Default.Equals(method.ContainingType, Task),
            "Sleep" => Thread.Is(method.ContainingType),
            _ => false,
        };
    }

    public bool IsRandomSource(ITypeSymbol? type)
    {
        return type.IsOrDerivesFrom(Random) || RandomNumberGenerator.IsBaseOf(type);
    }

    public bool IsArithmetic(ITypeSymbol? type)
    {
        return type is INamedTypeSymbol named && ArithmeticTypes.Contains(named.OriginalDefinition);
    }
}
