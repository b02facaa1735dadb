/// Inputs that together cover every statement and expression kind, comments
/// in every position and untidy whitespace. Each must parse without errors;
/// the property tests format them and compare.
enum Corpus {
    static let inputs: [(name: String, text: String)] = [
        ("card", "group app < reprotect web using mt1 ps-azure datastore ds1 >"),
        ("cycle", """
            plan cycle version 1 <
              group app<reprotect crm   using ra-onprem01 datastore ds2   log-storage lsa-failback>
              failback   app recovery-point   crash-consistent
              commit  all
              protect crm using ps-appliance01   policy forward-rcm
              protect [web, api]  using ps-onprem
              fn protect(m) < return m >
              let x = protect(web)
            >
            """),
        ("spec-plan", """
            plan contoso-failback version 3 <
              group db <
                reprotect sql01 using mt-win ps-azure datastore ds-gold retention "R:"
              >
              group app after db <
                reprotect web using mt1 ps-azure datastore ds1
                reprotect api using mt1 ps-azure datastore ds1
              >
              failback db
              failback app
            >
            """),
        ("messy-whitespace", """
            \t plan   p   version 12<group    a   after   b ,c<reprotect x using auto ps   policy   pol retention "/mnt/r"   datastore d>


            group b<>group c   <
            failback    all>


            >
            """),
        ("preamble", """
            # Header comment of the file.
            import failback-policy
            import "lib/common.rpl"   # a library next to this plan

            ## Reprotects every member of a replication group.
            ## Same master target for all of them.
            fn reprotect-group(members, mt, ps, ds) <
              for m in members < reprotect m using mt ps datastore ds >
              return none
            >
            let window = 1h30m
            plan erp <
              reprotect-group(inventory.machines where replication-group == "erp", mt1, ps-azure, ds1)
            >
            # The end.
            """),
        ("expressions", """
            let a = 1 + 2 * 3 - 4 / 2
            let b = (1 + 2) * 3
            let c = -x
            let d = -(a + b)
            let e = not (a and b)
            let f = not a or b and c
            let g = (a or b) and c
            let h = a == b
            let i = (a == b) == false
            let j = xs where os == "linux" and disks >= 2
            let k = (xs where os == "linux").name
            let l = [x where (a < b)]
            let m = [a < b, c > d, a <= b, c >= d]
            let n = {name: "web", size: 500GB, every: 15m, tags: [], extra: {}}
            let o = f(a, b)(c)[0].field
            let p = x in [1, 2, 3]
            let q = "plain ${a + b} and \\"quoted\\" \\${not} ${f(x)[1]}"
            let r = true
            let s = none
            let t = (((a)))
            let u = ((15m))
            let v = a - (b - c)
            let w = (a - b) - c
            let x2 = a / (b * c)
            let y = -(-a)
            let z = not (not a)
            let aa = (not a) == b
            let ab = -a * b
            let ac = (xs where a) where b
            let ad = xs where (ys where b)
            let ae = f((a < b), c)
            let af = m[(a > b)]
            let ag = {k: (a < b)}
            let ah = -(f(x).y)
            let ai = (a in b) == c
            let aj = not -a
            """),
        ("statements", """
            group g1 <
              check web.os == "linux", "web must be Linux"
              assert count(machines) <= 60, "too many disks"
              manual confirm-dns "Point ${zone} at the on-premises addresses"
              wait 15m
              wait (2 * 5m)
              log("started")
              for m in [web, api] <
                if m.os == "linux" < reprotect m using mt1 ps-azure datastore ds1 > else if m.os == "windows" <
                  reprotect m using mt-win ps-azure datastore ds1 retention "R:"
                > else < >
              >
              if (len(xs) > 0) < > else < failback all >
              if ready < failback g1 >
            >
            failback web
            reprotect (machines where os == "linux")[0] using auto ps-azure datastore ds1
            """),
        ("comments-everywhere", """
            # leading comment of the file

            # second leading, after a blank line
            group g1 after g0 < # after the opener
              # own line inside
              reprotect web using mt1 ps-azure datastore ds1 # trailing
              reprotect api using mt1 # inside a statement
                ps-azure datastore ds1

              # before the close, after a blank line
            > # after the close
            group g0 <
              # only a comment in this block
            >
            let xs = [
              web, # first
              api, # second
            ]
            fn f(a, # inside the parameters
                 b) <
              return a
            >
            if a < x() > # between then and else
            else < y() >
            if a <
              x()
            > else if b # in the else-if condition
            < y() >
            # at the end of the file
            """),
        ("comments-crlf-and-trailing-blanks", "group a <   # trailing blanks   \r\n  failback a\r\n>\r\n# end  \r\n"),
        ("doc-comments", """
            ## Doubles.
            ## Twice.
            fn double(x) < return x * 2 >

            ## Not documentation: a blank line follows.

            fn single(x) < return x >
            """),
        ("one-line-blocks", "group a < group b < failback x > > group c <failback y>fn f() < >for x in [] < >"),
        ("comment-only", "# nothing but a comment\n\n\n# and another"),
        ("empty", ""),
        ("else-if-chain", "if a < f() > else if b < g() > else if c < h() > else < i() >"),
        ("several-on-one-line", "let a = 1 let b = 2 # about b\nfailback a failback b"),
        ("blank-lines", "\n\n\nlet a = 1\n\n\n\nlet b = 2\nlet c = 3\n\n\n"),
        ("plan-with-comments", """
            # before the plan
            plan p version 1 # on the plan line
            < # on the opener line
              failback all
              # last inside the plan
            > # after the plan
            # end
            """),
    ]
}
