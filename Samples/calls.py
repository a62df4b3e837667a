"""The five sample calls for generate.py: who says what, when, and what each must produce. Data only.

Script lines: ("A"|"C", text[, gap_s]) is a turn by agent|customer, `gap_s` after the floor holder stops
(default 0.4-1.2 s, or 0.35-0.8 s when the same party goes on; 3 s or more is dead air); ("a"|"c", text, at)
is a backchannel near fraction `at` of the other's current utterance; ("A>"|"C>", text, at) is a cut-in
there. `alerts`: the expected alerts besides those the events imply (agent_interrupts, silence_gap).
"""
CALLS = [dict(
    name="call-01-calm", seed=1, alerts=[],
    description="polite billing call: alternating turns, 4 agent and 1 customer backchannels, 4 s dead air",
    script=[
        ("A", "Northwind Mobile, this is Sam. How can I help?"),
        ("C", "Hi Sam. My last bill is a lot higher than usual, and I really don't think I made any extra calls "
              "this month."),
        ("a", "I see", 0.55),
        ("A", "Sorry to hear that. One moment, while I look at the charges."),
        ("A", "Okay. There is a roaming charge of twenty four dollars, from your trip to Canada.", 4.2),
        ("c", "mm hmm", 0.6),
        ("C", "Oh, I didn't realise roaming was switched on. I honestly thought my plan included Canada."),
        ("a", "uh huh", 0.7),
        ("A", "It only does with the travel add-on, but I can credit the charge back to you today."),
        ("C", "That would be wonderful, thank you. And could you add the travel option, "
              "because I go there every summer?"),
        ("a", "right", 0.3),
        ("a", "okay", 0.8),
        ("A", "Of course, it's active now. The credit will show on your next bill."),
        ("C", "Perfect, thanks for your help."),
        ("A", "You're welcome, goodbye."),
    ]), dict(
    name="call-02-interruptions", seed=2, alerts=[],
    description="late delivery complaint: 3 agent and 1 customer cut-ins, 2 agent backchannels, 4 s dead air",
    script=[
        ("A", "Good morning, TechMart, this is Alex. How can I help?"),
        ("C", "Hi. I ordered a laptop two weeks ago, and the tracking page has said out for delivery "
              "for five days now, and nobody at the courier answers the phone."),
        ("a", "I see", 0.3),
        ("A>", "I'm so sorry about that. Can I have the order number, please?", 0.8),
        ("C", "Yes, it's seven seven three, nine one two."),
        ("A", "Thank you, one moment please."),
        ("A", "Okay. The parcel was returned to our warehouse on Monday, because the address label "
              "was damaged in transit.", 4.0),
        ("C>", "Wait, it was returned to the warehouse? Nobody told me anything about that!", 0.6),
        ("A", "I understand, and I apologise. I can send a replacement today, with express shipping."),
        ("C", "Okay, but how do I know it won't get lost again? Last time, somebody promised me a call back, "
              "and nobody called."),
        ("a", "uh huh", 0.3),
        ("A>", "I will email you the tracking number myself.", 0.75),
        ("C", "Alright. And do I still get the student discount, because the price has gone up since I ordered?"),
        ("A>", "Yes, you keep the original price and the discount.", 0.6),
        ("C", "Great, thank you. Bye."),
    ]), dict(
    name="call-03-monologue", seed=3, alerts=["agent_dominates", "agent_monologue"],
    description="insurance renewal: the agent explains for over a minute, with 3 customer backchannels",
    script=[
        ("A", "Northwind Insurance, Jordan speaking."),
        ("C", "Hi. My home insurance premium went up, and I don't understand why."),
        ("A", "Of course, I'd be happy to walk you through it."),
        ("A", "Your policy renews every year on the first of May, and the premium is recalculated each time."),
        ("A", "The first factor is the rebuild cost of your house, which is what it would cost "
              "to rebuild it from the ground up."),
        ("A", "Building costs in your area went up by about eight percent this year, mainly because of timber "
              "and labour."),
        ("A", "The second factor is the claims history for your postcode, and there were quite a few "
              "storm claims in your region last winter."),
        ("c", "okay", 0.5),
        ("A", "The third factor is your own policy, and I can see that your no claims discount "
              "is still fully intact, which is good news."),
        ("A", "You also still have the optional accidental damage cover, which adds about sixty dollars a year."),
        ("c", "I see", 0.5),
        ("A", "If you rarely use it, you could remove that cover, or you could raise your voluntary excess "
              "from two hundred and fifty to five hundred dollars."),
        ("A", "Another option is to pay annually instead of monthly, because the monthly plan includes "
              "a small credit charge."),
        ("c", "right", 0.5),
        ("A", "Put together, those changes could bring your renewal price back to about what you paid last year."),
        ("A", "I can make any of these changes for you right now."),
        ("C", "Okay, please raise the excess and switch me to annual payments."),
        ("A", "Done, you'll get the new documents today."),
        ("C", "Thanks, bye."),
    ]), dict(
    name="call-04-noisy", seed=4, noisy=True, alerts=[],
    description="broadband fault with pink noise 15 dB under speech and 50 Hz hum on the customer: "
                "2 agent and 1 customer cut-ins, 3 backchannels, 4 s dead air",
    script=[
        ("A", "Clearline Broadband, this is Chris. How can I help?"),
        ("C", "Hi. My internet keeps dropping out every evening, and it takes ages to come back."),
        ("a", "okay", 0.55),
        ("A", "Which lights are showing on your router right now?"),
        ("C", "The power light is green, but the internet light keeps flashing orange, "
              "and sometimes it goes off completely."),
        ("A>", "That means the line signal is lost. Let me run a test.", 0.65),
        ("C", "Sure, go ahead."),
        ("A", "Okay, the test shows a lot of errors on the line, which usually means a wiring fault.", 4.3),
        ("c", "uh huh", 0.55),
        ("C", "Can I fix it myself? I work from home, so I can't wait a week for an engineer."),
        ("A", "Try plugging the router straight into the main socket, instead of the extension cable."),
        ("C>", "I already tried that yesterday, and it made no difference at all.", 0.6),
        ("A", "Then I'll book an engineer for Thursday morning."),
        ("C", "Thursday works. Will they need to come inside, because I have a dog, "
              "and I need to know where to keep him?"),
        ("a", "right", 0.3),
        ("A>", "Yes, but the dog can stay in another room.", 0.75),
        ("C", "Okay, thanks for your help."),
        ("A", "Thanks for calling, goodbye."),
    ])]
CALLS.append(dict(CALLS[3], name="call-05-noisy-crosstalk", crosstalk=(-15, 20),
                  description="call-04-noisy plus crosstalk: each channel also carries the other's clean voice "
                              "at -15 dB, 20 ms late"))
