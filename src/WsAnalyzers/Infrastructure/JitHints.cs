using System.Runtime.CompilerServices;

namespace WsAnalyzers.Infrastructure;

/// <summary>How the runtime should compile the searches of the analysis.</summary>
/// <remarks>
/// The searches run a few times per compilation and spend their time in loops over a type's or a compilation's code.
/// Tiered compilation would run them unoptimized until they have been called thirty times (in a compiler server, for
/// its first builds), and would compile their hot loops again on the stack while they run, on the analysis's time:
/// on Discord.Net that doubled our share of the compile and made it swing from build to build. A method marked with
/// <see cref="OptimizeAtOnce"/> is compiled fully optimized on its first call instead.
/// </remarks>
internal static class JitHints
{
    /// <summary>
    /// <c>MethodImplOptions.AggressiveOptimization</c>, which netstandard2.0 does not name; a runtime that does not know
    /// it ignores it.
    /// </summary>
    public const MethodImplOptions OptimizeAtOnce = (MethodImplOptions)512;
}
