using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using WsAnalyzers.Model;

namespace WsAnalyzers.Tests.Infrastructure;

/// <summary>
/// The compilation's declarations by name, read from syntax and kept with each tree, must answer what the compiler's
/// own name search answers: the rules ask it where they used to call <c>GetSymbolsWithName</c>.
/// </summary>
public class DeclarationIndexTests
{
    private const string First = """
        using System;
        using System.Threading.Tasks;

        namespace Feeds
        {
            interface ITransport { Task OpenAsync(); }

            partial class Client : ITransport
            {
                private Transport? _transport, _spare;
                public event EventHandler? Closed;
                public Task OpenAsync() => Task.CompletedTask;
                public Task OpenAsync(int attempts) => Task.CompletedTask;
                Task ITransport.OpenAsync() => Task.CompletedTask;

                class Nested { public void Closed() { } }
            }

            record Settings(TimeSpan Interval, Func<Task> OpenAsync)
            {
                public TimeSpan Interval { get; init; } = Interval;
            }

            enum State { Closed, Open }
        }
        """;

    private const string Second = """
        using System.Threading.Tasks;
        using System.Net.WebSockets;

        namespace Feeds;

        partial class Client
        {
            internal global::Feeds.Transport Current { get; } = new();
            public Task OpenAsync(string reason) => Task.CompletedTask;
        }

        sealed class Pool
        {
            private System.Collections.Generic.List<Transport> _all = new();
            private Transport[] _ring = new Transport[2];
        }

        sealed class Transport
        {
            private readonly ClientWebSocket _socket = new();
            public Task Connect() => _socket.ConnectAsync(new System.Uri("wss://example.invalid"), default);
            public virtual Task Reopen() => Task.CompletedTask;
        }
        """;

    private static async Task<CSharpCompilation> CompileAsync() =>
        (await AnalyzerHost.CreateAsync()).Compile(("First.cs", First), ("Second.cs", Second));

    [Theory]
    [InlineData("OpenAsync")]
    [InlineData("Closed")]
    [InlineData("Interval")]
    [InlineData("_spare")]
    [InlineData("Current")]
    [InlineData("Connect")]
    [InlineData("Missing")]
    public async Task Members_by_name_are_the_compilers_own(string name)
    {
        var compilation = await CompileAsync();
        // The compiler's search leaves out the properties a record's positional parameters declare; a delegate held in
        // one is invoked like any other property's.
        var positional = compilation.GetTypeByMetadataName("Feeds.Settings")!.GetMembers(name).OfType<IPropertySymbol>();
        var expected = compilation.GetSymbolsWithName(name, SymbolFilter.Member).Union(positional, SymbolEqualityComparer.Default)
            .Select(Describe).OrderBy(d => d).ToArray();
        var found = SourceCode.For(compilation).MembersNamed(name, CancellationToken.None).Select(Describe).OrderBy(d => d).ToArray();

        Assert.Equal(expected, found);
    }

    [Fact]
    public async Task Overloads_across_partial_parts_an_event_a_nested_type_and_an_enum_member_are_all_found()
    {
        var code = SourceCode.For(await CompileAsync());

        var opens = code.MembersNamed("OpenAsync", CancellationToken.None).Select(Describe).ToArray();
        Assert.Contains("Feeds.Client.OpenAsync(string) Method", opens);
        Assert.Contains("Feeds.ITransport.OpenAsync() Method", opens);
        var closed = code.MembersNamed("Closed", CancellationToken.None).Select(Describe).OrderBy(d => d).ToArray();
        Assert.Equal(new[] { "Feeds.Client.Closed Event", "Feeds.Client.Nested.Closed() Method", "Feeds.State.Closed Field" }, closed);
    }

    [Fact]
    public async Task Holders_are_the_types_with_a_field_or_property_of_that_type_whatever_its_spelling()
    {
        var compilation = await CompileAsync();
        var holders = DeclarationIndex.For(compilation).HoldersOf("Transport");

        // Client twice: its field (nullable, two declarators) in one part, its qualified property in the other. An array
        // of transports holds none; a generic type holds what it is named by.
        Assert.Equal(new[] { ("First.cs", "Client"), ("Second.cs", "Client") }, holders.Select(h => (h.Tree.FilePath, h.Declaration.Identifier.ValueText)).ToArray());
        Assert.Equal(new[] { "Pool" }, DeclarationIndex.For(compilation).HoldersOf("List").Select(h => h.Declaration.Identifier.ValueText).ToArray());

        // A record's positional parameter declares a property of its type.
        Assert.Equal(new[] { "Settings" }, DeclarationIndex.For(compilation).HoldersOf("Func").Select(h => h.Declaration.Identifier.ValueText).ToArray());
    }

    [Theory]
    [InlineData("Connect", true)]
    [InlineData("Reopen", false)]
    [InlineData("OpenAsync", false)]
    [InlineData("Missing", false)]
    public async Task Whether_a_method_by_that_name_spells_a_word_is_read_from_its_declarations(string name, bool spells)
    {
        Assert.Equal(spells, SourceCode.For(await CompileAsync()).SomeMethodNamedSpells(name, "ConnectAsync", CancellationToken.None));
    }

    [Fact]
    public async Task A_tree_keeps_its_declarations_from_one_compilation_to_the_next()
    {
        var compilation = await CompileAsync();
        var tree = compilation.SyntaxTrees[1];
        var next = compilation.RemoveSyntaxTrees(compilation.SyntaxTrees[0]);

        Assert.Same(TreeDeclarations.Of(tree, CancellationToken.None), TreeDeclarations.Of(next.SyntaxTrees[0], CancellationToken.None));
        Assert.Empty(SourceCode.For(next).MembersNamed("Interval", CancellationToken.None));
    }

    [Fact]
    public void Every_tree_answers_for_its_own_names_among_hundreds_whatever_table_is_asked()
    {
        // Each tree's filters sit at their own offset in one array: a wrong offset or table answers for a neighbour.
        var trees = ThreeHundredTrees();
        var index = DeclarationIndex.For(CSharpCompilation.Create("Many", trees));

        foreach (var i in new[] { 0, 1, 63, 64, 150, 299 })
        {
            Assert.Equal(new[] { $"T{i}.cs" }, index.MethodsNamed($"Open{i}").Select(m => m.Tree.FilePath).ToArray());
            Assert.Equal(new[] { $"Holder{i}" }, index.TypesDeclaringMember($"_t").Where(t => t.Tree.FilePath == $"T{i}.cs").Select(t => t.Declaration.Identifier.ValueText).ToArray());
            Assert.Equal(new[] { $"Holder{i}" }, index.HoldersOf($"Transport{i}").Select(h => h.Declaration.Identifier.ValueText).ToArray());
            Assert.Empty(index.MethodsNamed($"Transport{i}"));
            Assert.Empty(index.HoldersOf($"Open{i}"));
        }

        Assert.Equal(300, index.TypesDeclaringMember("_t").Count);
    }

    [Fact]
    public void Only_the_trees_whose_filter_passes_a_name_make_their_tables()
    {
        // In a build every tree is new: a tree the questions never reach must cost its filter, not three dictionaries.
        var trees = ThreeHundredTrees();
        var index = DeclarationIndex.For(CSharpCompilation.Create("Lazy", trees));

        Assert.Equal(new[] { "T150.cs" }, index.MethodsNamed("Open150").Select(m => m.Tree.FilePath).ToArray());

        var withTables = trees.Where(tree => TreeDeclarations.Of(tree, CancellationToken.None).HasTables).Select(tree => tree.FilePath).ToArray();
        Assert.Contains("T150.cs", withTables);
        // A filter may pass a name its tree lacks (two bits of 512 per name), so a stray tree or two may make theirs.
        Assert.InRange(withTables.Length, 1, 3);
    }

    [Fact]
    public void The_next_compilation_answers_for_its_own_trees_after_one_is_edited_removed_or_added()
    {
        // The filters are copied per block of trees and kept for the next compilation: a block whose trees changed
        // (an edit, a removal that shifts every later tree, an addition) must be copied again, not answered from.
        var trees = Enumerable.Range(0, 150)
            .Select(i => CSharpSyntaxTree.ParseText($"class Holder{i} {{ void Open{i}() {{ }} }}", path: $"T{i}.cs"))
            .ToArray();
        var first = CSharpCompilation.Create("Edited", trees);
        Assert.Equal(new[] { "T70.cs" }, DeclarationIndex.For(first).MethodsNamed("Open70").Select(m => m.Tree.FilePath).ToArray());

        var edited = first.ReplaceSyntaxTree(trees[70], CSharpSyntaxTree.ParseText("class Holder70 { void Close70() { } }", path: "T70.cs"));
        Assert.Empty(DeclarationIndex.For(edited).MethodsNamed("Open70"));
        Assert.Equal(new[] { "T70.cs" }, DeclarationIndex.For(edited).MethodsNamed("Close70").Select(m => m.Tree.FilePath).ToArray());
        Assert.Equal(new[] { "T71.cs" }, DeclarationIndex.For(edited).MethodsNamed("Open71").Select(m => m.Tree.FilePath).ToArray());

        var shifted = first.RemoveSyntaxTrees(trees[0]);
        Assert.Empty(DeclarationIndex.For(shifted).MethodsNamed("Open0"));
        Assert.Equal(new[] { "T64.cs" }, DeclarationIndex.For(shifted).MethodsNamed("Open64").Select(m => m.Tree.FilePath).ToArray());
        Assert.Equal(new[] { "T149.cs" }, DeclarationIndex.For(shifted).MethodsNamed("Open149").Select(m => m.Tree.FilePath).ToArray());

        var grown = first.AddSyntaxTrees(CSharpSyntaxTree.ParseText("class Added { void Open150() { } }", path: "T150.cs"));
        Assert.Equal(new[] { "T150.cs" }, DeclarationIndex.For(grown).MethodsNamed("Open150").Select(m => m.Tree.FilePath).ToArray());

        // The first compilation still answers from its own trees.
        Assert.Equal(new[] { "T70.cs" }, DeclarationIndex.For(first).MethodsNamed("Open70").Select(m => m.Tree.FilePath).ToArray());
        Assert.Empty(DeclarationIndex.For(first).MethodsNamed("Open150"));
    }

    /// <summary>Tree i declares Holder{i}, with a field of type Transport{i} and a method Open{i}.</summary>
    private static SyntaxTree[] ThreeHundredTrees() => Enumerable.Range(0, 300)
        .Select(i => CSharpSyntaxTree.ParseText($"class Holder{i} {{ Transport{i} _t; void Open{i}() {{ }} }}", path: $"T{i}.cs"))
        .ToArray();

    private static string Describe(ISymbol symbol) => symbol.ToDisplayString() + " " + symbol.Kind;
}
