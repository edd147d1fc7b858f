package analyze

import "strings"

// known is a small gazetteer: normalized name (text.Normalize) -> kind and display name.
// It holds what capitalization alone cannot type: countries, cities, agencies, outlets.
var known = func() map[string]gaz {
	m := map[string]gaz{}
	add := func(kind, list string) {
		for _, n := range strings.Split(list, "|") {
			n = strings.TrimSpace(n)
			if n != "" {
				m[key(n)] = gaz{kind, n}
			}
		}
	}
	add("place", `United States|Iran|Israel|Iraq|Syria|Lebanon|Jordan|Egypt|Saudi Arabia|Yemen|Qatar|Turkey|
		Russia|China|Japan|India|Pakistan|Afghanistan|North Korea|South Korea|Ukraine|Germany|France|Britain|
		United Kingdom|England|Scotland|Ireland|Italy|Spain|Greece|Cyprus|Poland|Canada|Mexico|Brazil|Venezuela|
		Cuba|Argentina|Colombia|Australia|Africa|Europe|Asia|Middle East|Gulf|Libya|Sudan|Ethiopia|Nigeria|Kenya|
		South Africa|Somalia|Tunisia|Algeria|Morocco|UAE|United Arab Emirates|Bahrain|Oman|Kuwait|Gaza|West Bank|
		Palestine|Hong Kong|Taiwan|Vietnam|Indonesia|Philippines|Netherlands|Belgium|Sweden|Norway|Denmark|
		Finland|Switzerland|Austria|Hungary|Czech Republic|Romania|Bolivia|Chile|Peru|Ecuador|Honduras|
		Guatemala|El Salvador|Nicaragua|Haiti|Washington|Tehran|Jerusalem|Tel Aviv|Baghdad|
		Damascus|Beirut|Cairo|Riyadh|Moscow|Beijing|London|Paris|Berlin|Brussels|Kyiv|Kiev|Ankara|Istanbul|
		New York|Los Angeles|Chicago|Houston|San Francisco|Miami|Boston|Texas|California|Florida|Ohio|Iowa|
		Georgia|Virginia|Michigan|Pennsylvania|Wisconsin|Arizona|Nevada|New Hampshire|South Carolina|
		North Carolina|Alabama|Kentucky|Louisiana|Mississippi|Tennessee|Minnesota|Colorado|Oregon|Utah|
		Maryland|Massachusetts|New Jersey|Indiana|Missouri|Oklahoma|Kansas|Nebraska|Arkansas|Alaska|Hawaii|
		Idaho|Montana|Wyoming|Vermont|Maine|Connecticut|Delaware|Rhode Island|West Virginia|Illinois|
		North Dakota|South Dakota|New Mexico|Mosul|Raqqa|Idlib|Aleppo|Kabul|Islamabad|Delhi|Tokyo|Seoul|
		Pyongyang|Caracas|Havana|Toronto|Ottawa|Sydney|Geneva|Vienna|Rome|Madrid|Athens|Warsaw|Dubai|Doha`)
	add("organization", `UN|United Nations|CIA|FBI|NSA|Pentagon|White House|Congress|Senate|House|
		Supreme Court|NATO|EU|European Union|IAEA|Mossad|Shin Bet|IDF|Knesset|Hamas|Hezbollah|Taliban|ISIS|
		Islamic State|al-Qaida|Reuters|AP|Associated Press|AFP|New York Times|Washington Post|
		Wall Street Journal|CNN|Fox News|BBC|Politico|Haaretz|Israel Hayom|NBC|ABC|CBS|MSNBC|NPR|Bloomberg|
		Guardian|Axios|Al Jazeera|Democratic Party|Republican Party|GOP|Kremlin|
		State Department|Justice Department|Treasury|Pentagon|Google|Facebook|Twitter|Apple|Amazon|Microsoft|
		National Press Club|WHO|World Health Organization|OPEC|Fed|Federal Reserve|Labour|Likud`)
	return m
}()

type gaz struct{ kind, name string }

// keyAliases fold names that Terms does not: long and short forms of one name.
var keyAliases = map[string]string{
	"united states": "us", "united states of america": "us", "america": "us",
	"united nations": "un", "european union": "eu", "united kingdom": "uk", "britain": "uk",
	"washington d.c": "washington", "islamic state": "isis", "isil": "isis",
}

// titles precede a person's name ("Secretary of State Mike Pompeo"); lowercase,
// as word sequences.
var titles = func() [][]string {
	var out [][]string
	for _, t := range strings.Split(`secretary of state|secretary of defense|defense secretary|
		secretary-general|secretary general|chief of staff|chief justice|house speaker|secretary|president-elect|vice president|president|prime minister|
		foreign minister|defense minister|minister|chief|director general|director|correspondent|correspondant|
		reporter|senator|sen|rep|representative|gov|governor|mayor|speaker|ambassador|general|gen|judge|justice|
		chairman|chairwoman|spokesman|spokeswoman|spokesperson|leader|king|queen|prince|pope|sheikh|ayatollah|
		mr|mrs|ms|dr|professor|prof|commissioner|attorney general|envoy|adviser|advisor|lawmaker|
		former|then|top|deputy|acting|outgoing|incoming|admiral|adm|lieutenant|lt|colonel|col|sergeant|sgt|
		captain|capt|commander|major general|brigadier general|rev|reverend|father|rabbi|imam|sheriff|
		detective|officer|attorney|lawyer|candidate|nominee`, "|") {
		out = append(out, strings.Fields(t))
	}
	return out
}()

// orgWords end organization names; placeWords end place names.
var orgWords = set(`inc corp co ltd llc party agency administration club institute organization organisation
	office ministry department council committee commission court university college school bank association
	union foundation fund group company corporation times post news journal press network service forces army
	navy authority board bureau senate house center centre studies program programme guard police agency
	federation alliance coalition front movement church`)

var placeWords = set(`city county province island islands river street mountains valley sea ocean gulf strait
	region district square`)

// skipWords are capitalized words that name no entity by themselves: demonyms, months,
// weekdays, religions.
var skipWords = set(`israeli israelis iranian iranians american americans palestinian palestinians arab arabs
	jewish jews muslim muslims christian christians sunni sunnis shi'ite shiite shi'ites shia syrian russian
	chinese british european iraqi saudi turkish egyptian lebanese german french democrat republican
	democratic democrats republicans
	january february march april june july august september sept october november december jan feb mar apr
	aug sep oct nov dec monday tuesday wednesday thursday friday saturday sunday`)

// speechVerbs introduce what someone said.
var speechVerbs = set(`said says say told tells added adds stated noted warned argued explained claimed insisted
	wrote reported reports announced denied acknowledged confirmed asserted suggested stressed urged
	replied`)

// anonymous are the head nouns of unnamed sources.
var anonymous = set(`sources source officials official diplomats diplomat people person analysts experts aides
	advisers adviser insiders spokesman spokeswoman spokesperson reports report witnesses residents`)

var pronouns = set(`he she`)

func set(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}

// outlets are news organizations (by key) that capitalization cannot tell from others.
var outlets = func() map[string]bool {
	m := map[string]bool{}
	for _, n := range strings.Split(`Reuters|AP|Associated Press|AFP|Agence France-Presse|New York Times|
		Washington Post|Wall Street Journal|CNN|Fox News|BBC|Politico|Haaretz|Israel Hayom|NBC|ABC|CBS|MSNBC|
		NPR|Bloomberg|Guardian|Axios|Al Jazeera|Breitbart|HuffPost|BuzzFeed|Vox|Slate|The Hill|Daily Caller|
		Daily Beast|Times of Israel|Jerusalem Post|TASS|Xinhua|RIA Novosti|IRNA|Fars|Tasnim`, "|") {
		m[key(strings.TrimSpace(n))] = true
	}
	return m
}()

// outletWords end the names of outlets ("The Dallas Morning News").
var outletWords = set(`times post news journal press tribune herald gazette magazine radio tv television
	newspaper network daily telegraph observer chronicle examiner inquirer courier wire`)

// isOutlet reports whether a name is a news outlet's.
func isOutlet(name string) bool {
	k := key(name)
	if k == "" {
		return false
	}
	if outlets[k] {
		return true
	}
	f := strings.Fields(k)
	return len(f) > 1 && outletWords[f[len(f)-1]] && k != "white house press"
}
